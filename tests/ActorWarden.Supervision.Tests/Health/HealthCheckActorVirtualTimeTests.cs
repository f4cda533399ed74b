using ActorWarden.Config;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tests.Fakes;
using Akka.Actor;
using Akka.TestKit;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>Timing, thresholds and escalation on virtual time with scripted probes: hours of checks in milliseconds, same result every run.</summary>
public sealed class HealthCheckActorVirtualTimeTests : VirtualTimeTestKit
{
    private readonly TestProbe _parent;

    public HealthCheckActorVirtualTimeTests()
    {
        _parent = CreateTestProbe("parent");
    }

    private static HealthSpec Spec(int intervalSeconds = 1, int failures = 3, int startPeriodSeconds = 0, double timeoutSeconds = 0.5) => new()
    {
        Type = HealthCheckType.Http,
        Interval = TimeSpan.FromSeconds(intervalSeconds),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        Failures = failures,
        StartPeriod = TimeSpan.FromSeconds(startPeriodSeconds),
    };

    private IActorRef Start(HealthSpec spec, IHealthProbe probe, Directive directive = Directive.Stop)
    {
        var parent = ActorOf(Props.Create(() => new ProcessActorStandIn(HealthCheckActor.Props(spec, probe, "web-1"), _parent.Ref, directive)), "web-1");
        RunUntilIdle();
        return parent;
    }

    /// <summary>
    /// The Unhealthy notification is an ordinary message while the failure travels as a system message,
    /// which the kernel (like Akka) processes first, so the two may reach the parent in either order.
    /// </summary>
    private HealthCheckFailedException ExpectUnhealthyAndFailure()
    {
        var messages = _parent.ReceiveN(2);
        messages.OfType<HealthChanged>().Should().ContainSingle().Which.State.Should().Be(HealthState.Unhealthy);
        return messages.OfType<ChildFailed>().Should().ContainSingle().Which.Cause.Should().BeOfType<HealthCheckFailedException>().Subject;
    }

    [Fact]
    public void Probes_run_every_interval_and_a_steady_state_is_announced_once()
    {
        var probe = new ScriptedProbe(Enumerable.Repeat(true, 100).ToArray());
        Start(Spec(intervalSeconds: 5), probe);

        Time.Advance(TimeSpan.FromSeconds(4));
        probe.Calls.Should().Be(0, "the first probe runs one interval after start");
        Time.Advance(TimeSpan.FromSeconds(56));

        probe.Calls.Should().Be(12);
        _parent.ExpectMsg(new HealthChanged("web-1", HealthState.Healthy, "call 1 ok"));
        _parent.ExpectNoMsg();
    }

    [Fact]
    public void Failures_inside_the_start_period_do_not_count()
    {
        var probe = new ScriptedProbe();
        Start(Spec(failures: 3, startPeriodSeconds: 10), probe);

        Time.Advance(TimeSpan.FromSeconds(11));
        probe.Calls.Should().Be(11);
        _parent.ExpectNoMsg();

        Time.Advance(TimeSpan.FromSeconds(1));

        var failure = ExpectUnhealthyAndFailure();
        failure.Instance.Should().Be("web-1");
        failure.Detail.Should().Be("3 consecutive failure(s); last: call 12 failed");
    }

    [Fact]
    public void A_success_ends_the_start_period_early()
    {
        var probe = new ScriptedProbe(true, false, false, false);
        Start(Spec(failures: 3, startPeriodSeconds: 60), probe);

        Time.Advance(TimeSpan.FromSeconds(3));
        _parent.ExpectMsg<HealthChanged>().State.Should().Be(HealthState.Healthy);
        _parent.ExpectNoMsg();
        Time.Advance(TimeSpan.FromSeconds(1));

        ExpectUnhealthyAndFailure();
    }

    [Fact]
    public void Only_consecutive_failures_reach_the_threshold()
    {
        var probe = new ScriptedProbe(true, false, false, true, false, false, true, false, false, true);
        Start(Spec(failures: 3), probe);

        Time.Advance(TimeSpan.FromSeconds(10));

        probe.Calls.Should().Be(10);
        _parent.ExpectMsg<HealthChanged>().State.Should().Be(HealthState.Healthy);
        _parent.ExpectNoMsg();
    }

    [Fact]
    public void A_probe_past_its_timeout_fails_is_cancelled_and_holds_the_single_slot_until_it_ends()
    {
        var pending = new List<TaskCompletionSource<ProbeResult>>();
        var probe = new ScriptedProbe((_, _) =>
        {
            var stuck = new TaskCompletionSource<ProbeResult>();
            pending.Add(stuck);
            return stuck.Task;
        });
        Start(Spec(intervalSeconds: 1, failures: 3, timeoutSeconds: 0.5), probe);

        Time.Advance(TimeSpan.FromSeconds(1.5));
        probe.Calls.Should().Be(1);
        probe.Tokens[0].IsCancellationRequested.Should().BeTrue("the timeout cancels the probe");

        Time.Advance(TimeSpan.FromSeconds(0.5));
        probe.Calls.Should().Be(1, "a probe that ignores cancellation still occupies the single slot");
        _parent.ExpectNoMsg();

        pending[0].SetResult(ProbeResult.Pass("late answer"));
        RunUntilQuiet();
        _parent.ExpectNoMsg();

        pending.Clear();
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.Calls.Should().Be(2, "the slot is free again");
        pending[0].SetResult(ProbeResult.Pass("prompt answer"));
        RunUntilQuiet();

        _parent.ExpectMsg(new HealthChanged("web-1", HealthState.Healthy, "prompt answer"));
        _parent.ExpectNoMsg();
    }

    [Fact]
    public void A_wedged_probe_that_never_ends_still_fails_the_instance()
    {
        var probe = new ScriptedProbe((_, _) => new TaskCompletionSource<ProbeResult>().Task);
        Start(Spec(intervalSeconds: 1, failures: 3, timeoutSeconds: 0.5), probe);

        Time.Advance(TimeSpan.FromSeconds(3));

        probe.Calls.Should().Be(1);
        ExpectUnhealthyAndFailure().Detail.Should().Be("3 consecutive failure(s); last: previous probe still running after its 500ms timeout");
    }

    [Fact]
    public void A_probe_that_throws_counts_as_a_failure()
    {
        var probe = new ScriptedProbe((_, _) => throw new InvalidOperationException("boom"));
        Start(Spec(failures: 1), probe);

        Time.Advance(TimeSpan.FromSeconds(1));

        ExpectUnhealthyAndFailure().Detail.Should().Contain("boom");
    }

    [Fact]
    public void The_failure_escalates_through_the_process_actor_to_the_service_supervisor()
    {
        var probe = new ScriptedProbe();
        var health = HealthCheckActor.Props(Spec(failures: 2), probe, "web-1");
        var processActor = Props.Create(() => new ProcessActorStandIn(health, _parent.Ref, Directive.Escalate));
        ActorOf(Props.Create(() => new ServiceSupervisorStandIn(processActor, _parent.Ref)), "web");
        RunUntilIdle();

        Time.Advance(TimeSpan.FromSeconds(2));

        // The process actor fails by escalating and is stopped, so the Unhealthy notice still in its mailbox never runs.
        _parent.ExpectMsg<ChildFailed>().Cause.Should().BeOfType<HealthCheckFailedException>();
        _parent.ExpectMsg<Escalated>().Cause.Should().BeOfType<HealthCheckFailedException>()
            .Which.Message.Should().Be("health check of 'web-1' failed: 2 consecutive failure(s); last: call 2 failed");
        _parent.ExpectNoMsg();
    }

    [Fact]
    public void After_a_resume_the_check_keeps_probing_and_recovers()
    {
        var probe = new ScriptedProbe(false, false, true);
        Start(Spec(failures: 2), probe, Directive.Resume);

        Time.Advance(TimeSpan.FromSeconds(3));

        ExpectUnhealthyAndFailure();
        _parent.ExpectMsg<HealthChanged>().State.Should().Be(HealthState.Healthy);
    }

    [Fact]
    public void Stopping_the_check_cancels_the_probe_in_flight_and_the_timer()
    {
        var probe = new ScriptedProbe((_, _) => new TaskCompletionSource<ProbeResult>().Task);
        var parent = Start(Spec(intervalSeconds: 1, timeoutSeconds: 30), probe);
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.Calls.Should().Be(1);
        probe.Tokens[0].IsCancellationRequested.Should().BeFalse();

        Sys.Stop(parent);
        RunUntilIdle();
        Time.Advance(TimeSpan.FromSeconds(10));

        probe.Tokens[0].IsCancellationRequested.Should().BeTrue();
        probe.Calls.Should().Be(1, "no timer survives the stop");
    }

    [Fact]
    public void A_paused_check_probes_nothing_and_the_next_process_starts_it_over_with_its_own_probe_and_run()
    {
        var first = new ScriptedProbe(true, true, true);
        Start(Spec(failures: 2, startPeriodSeconds: 3), first, Directive.Resume);
        var check = Sys.ActorSelection("/user/web-1/health");
        Time.Advance(TimeSpan.FromSeconds(1));
        _parent.ExpectMsg(new HealthChanged("web-1", HealthState.Healthy, "call 1 ok"));

        check.Tell(PauseCheck.Instance);
        RunUntilIdle();
        Time.Advance(TimeSpan.FromSeconds(30));
        first.Calls.Should().Be(1, "a paused check probes nothing");

        var second = new ScriptedProbe(false, false, true);
        check.Tell(new CheckProcess(second, Run: 7));
        RunUntilIdle();
        Time.Advance(TimeSpan.FromSeconds(2));
        // Failures inside the new process's start period do not count.
        _parent.ExpectNoMsg();
        Time.Advance(TimeSpan.FromSeconds(1));

        // The state started over at Starting, so Healthy is announced again, for run 7.
        _parent.ExpectMsg(new HealthChanged("web-1", HealthState.Healthy, "call 3 ok", Run: 7));
        first.Calls.Should().Be(1);
        second.Calls.Should().Be(3);
    }

    [Fact]
    public void Pausing_cancels_the_probe_in_flight_and_its_late_answer_is_ignored()
    {
        var answer = new TaskCompletionSource<ProbeResult>();
        var probe = new ScriptedProbe((_, _) => answer.Task);
        Start(Spec(intervalSeconds: 1, timeoutSeconds: 30), probe);
        var check = Sys.ActorSelection("/user/web-1/health");
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.Calls.Should().Be(1);

        check.Tell(PauseCheck.Instance);
        RunUntilIdle();
        answer.SetResult(ProbeResult.Pass("late"));
        RunUntilIdle();
        Time.Advance(TimeSpan.FromSeconds(60));

        probe.Tokens[0].IsCancellationRequested.Should().BeTrue();
        probe.Calls.Should().Be(1, "no timer runs while paused");
        // The answer belongs to the process that ended.
        _parent.ExpectNoMsg();
    }

    [Fact]
    public void Out_of_range_timing_is_refused_when_props_are_built()
    {
        var act = () => HealthCheckActor.Props(Spec() with { Interval = TimeSpan.Zero }, new ScriptedProbe(), "web-1");

        act.Should().Throw<ArgumentException>().WithMessage("health check of 'web-1': interval*");
    }
}
