using ActorWarden.Config;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Tests.Fakes;
using Akka.Actor;
using Akka.TestKit;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>The heartbeat check on virtual time: it fails exactly failures × interval after the last WATCHDOG=1.</summary>
public sealed class HeartbeatCheckActorTests : VirtualTimeTestKit
{
    private readonly TestProbe _parent;

    public HeartbeatCheckActorTests()
    {
        _parent = CreateTestProbe("parent");
    }

    private static HealthSpec Spec(int startPeriodSeconds = 0) => new()
    {
        Type = HealthCheckType.Heartbeat,
        Interval = TimeSpan.FromSeconds(5),
        Failures = 3,
        StartPeriod = TimeSpan.FromSeconds(startPeriodSeconds),
    };

    private void Start(HealthSpec spec)
    {
        ActorOf(Props.Create(() => new ProcessActorStandIn(HeartbeatCheckActor.Props(spec, "worker"), _parent.Ref, Directive.Stop)), "worker");
        RunUntilIdle();
    }

    private void Send(object message)
    {
        Sys.ActorSelection("/user/worker/health").Tell(message);
        RunUntilIdle();
    }

    [Fact]
    public void It_fails_failures_times_interval_after_the_last_heartbeat_and_not_before()
    {
        Start(Spec());
        Time.Advance(TimeSpan.FromSeconds(2));
        Send(Heartbeat.Instance);
        _parent.ExpectMsg(new HealthChanged("worker", HealthState.Healthy, "WATCHDOG=1 received"));

        Time.Advance(TimeSpan.FromMilliseconds(14_990));
        _parent.ExpectNoMsg(TimeSpan.Zero);
        Time.Advance(TimeSpan.FromMilliseconds(20));

        var failed = _parent.ExpectMsg<ChildFailed>().Cause.Should().BeOfType<HealthCheckFailedException>().Subject;
        failed.Detail.Should().Be("no WATCHDOG=1 for 15s (3 x 5s)");
        _parent.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Heartbeats_every_second_keep_it_healthy_for_an_hour_with_one_notice()
    {
        Start(Spec());
        for (var second = 0; second < 3600; second++)
        {
            Send(Heartbeat.Instance);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        _parent.ExpectMsg<HealthChanged>().State.Should().Be(HealthState.Healthy);
        _parent.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Without_any_heartbeat_it_fails_after_the_start_period_plus_the_limit()
    {
        Start(Spec(startPeriodSeconds: 10));

        Time.Advance(TimeSpan.FromMilliseconds(24_990));
        _parent.ExpectNoMsg(TimeSpan.Zero);
        Time.Advance(TimeSpan.FromMilliseconds(20));

        _parent.ExpectMsg<ChildFailed>().Cause.As<HealthCheckFailedException>().Detail
            .Should().Be("no WATCHDOG=1 within 25s of the start (start-period 10s + 3 x 5s)");
    }

    [Fact]
    public void WATCHDOG_trigger_fails_at_once_even_right_after_a_heartbeat()
    {
        Start(Spec());
        Send(Heartbeat.Instance);
        _parent.ExpectMsg<HealthChanged>();

        Send(HeartbeatTriggered.Instance);

        _parent.ExpectMsg<ChildFailed>().Cause.As<HealthCheckFailedException>().Detail.Should().Be("the service sent WATCHDOG=trigger");
    }
}
