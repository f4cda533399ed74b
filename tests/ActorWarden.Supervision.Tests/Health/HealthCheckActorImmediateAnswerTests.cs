using ActorWarden.Config;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tests.Fakes;
using Akka.Actor;
using Akka.TestKit;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>
/// Probes that have answered by the time they return (the scripted probes of `warden simulate`) are
/// recorded at once: no timeout timer, no fresh token source, no message per probe, because a day of
/// 5-second checks on 100 services is 1.7 M of them. Thresholds and announcements stay those of
/// <see cref="HealthCheckActorVirtualTimeTests"/>, whose scripted probes also answer at once.
/// </summary>
public sealed class HealthCheckActorImmediateAnswerTests : VirtualTimeTestKit
{
    private readonly TestProbe _parent;

    public HealthCheckActorImmediateAnswerTests()
    {
        _parent = CreateTestProbe("parent");
    }

    private static HealthSpec Spec(int failures = 3) => new()
    {
        Type = HealthCheckType.Tcp,
        Interval = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(0.5),
        Failures = failures,
        StartPeriod = TimeSpan.Zero,
    };

    private void Start(IHealthProbe probe, int failures = 3)
    {
        ActorOf(Props.Create(() => new ProcessActorStandIn(HealthCheckActor.Props(Spec(failures), probe, "web-1"), _parent.Ref, Directive.Stop)), "web-1");
        RunUntilIdle();
    }

    [Fact]
    public void An_immediate_answer_schedules_no_timeout_timer()
    {
        var probe = new ScriptedProbe(true, true, true);
        Start(probe);
        var timers = Time.PendingTimers;

        Time.Advance(TimeSpan.FromSeconds(1));

        probe.Calls.Should().Be(1);
        Time.PendingTimers.Should().Be(timers, "only the repeating tick is left; an answered probe cannot time out");
        _parent.ExpectMsg(new HealthChanged("web-1", HealthState.Healthy, "call 1 ok"));
    }

    [Fact]
    public void Immediate_answers_share_one_token_that_is_never_cancelled()
    {
        var probe = new ScriptedProbe(true, false, true, false);
        Start(probe);

        Time.Advance(TimeSpan.FromSeconds(4));

        probe.Tokens.Should().HaveCount(4);
        probe.Tokens.Distinct().Should().ContainSingle().Which.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public void An_immediate_failure_reaches_the_threshold_in_the_probe_that_completes_it()
    {
        var probe = new ScriptedProbe(false, false);
        Start(probe, failures: 2);

        Time.Advance(TimeSpan.FromSeconds(1));
        _parent.ExpectNoMsg(TimeSpan.Zero);
        Time.Advance(TimeSpan.FromSeconds(1));

        var messages = _parent.ReceiveN(2);
        messages.OfType<HealthChanged>().Should().ContainSingle().Which.Detail.Should().Be("2 consecutive failure(s); last: call 2 failed");
        messages.OfType<ChildFailed>().Should().ContainSingle().Which.Cause.Should().BeOfType<HealthCheckFailedException>();
    }
}
