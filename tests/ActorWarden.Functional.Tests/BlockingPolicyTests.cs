using ActorWarden.Cli.Blocking;
using ActorWarden.Contracts;
using ActorWarden.Config;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// The pure part of blocking start/stop/restart: when one instance's wait ends, from the transitions
/// after the command and from status polls, and how long a service may take.
/// </summary>
public sealed class BlockingPolicyTests
{
    [Theory]
    [InlineData(OperatorVerb.Stop, "stopping stopped", WaitOutcome.Reached, ProcessState.Stopped)]
    [InlineData(OperatorVerb.Stop, "stopping", WaitOutcome.Pending, ProcessState.Stopping)]
    [InlineData(OperatorVerb.Start, "starting running", WaitOutcome.Reached, ProcessState.Running)]
    [InlineData(OperatorVerb.Start, "starting backoff starting backoff fatal", WaitOutcome.Failed, ProcessState.Fatal)]
    [InlineData(OperatorVerb.Start, "running", WaitOutcome.Pending, ProcessState.Running)]
    [InlineData(OperatorVerb.Start, "fatal starting running", WaitOutcome.Reached, ProcessState.Running)]
    [InlineData(OperatorVerb.Restart, "stopping stopped starting running", WaitOutcome.Reached, ProcessState.Running)]
    [InlineData(OperatorVerb.Restart, "stopping starting backoff fatal", WaitOutcome.Failed, ProcessState.Fatal)]
    public void Transitions_after_the_command_decide_the_outcome(OperatorVerb verb, string transitions, WaitOutcome outcome, ProcessState last)
    {
        var wait = new InstanceWait("web-1", verb, Status(ProcessState.Running, 100));

        foreach (var to in transitions.Split(' '))
        {
            wait.OnTransition(Enum.Parse<ProcessState>(to, ignoreCase: true), "because");
        }

        wait.Outcome.Should().Be(outcome, "a Running or Fatal counts only after the command's own start began");
        wait.State.Should().Be(last);
    }

    [Theory]
    [InlineData(OperatorVerb.Stop, ProcessState.Stopped, null, WaitOutcome.Reached)]
    [InlineData(OperatorVerb.Stop, ProcessState.Running, 100, WaitOutcome.Pending)]
    [InlineData(OperatorVerb.Start, ProcessState.Running, 100, WaitOutcome.Reached)]
    [InlineData(OperatorVerb.Start, ProcessState.Fatal, null, WaitOutcome.Pending)]
    [InlineData(OperatorVerb.Restart, ProcessState.Running, 100, WaitOutcome.Pending)]
    [InlineData(OperatorVerb.Restart, ProcessState.Running, 101, WaitOutcome.Reached)]
    public void A_status_poll_ends_a_wait_only_when_it_shows_the_target_itself(OperatorVerb verb, ProcessState state, int? pid, WaitOutcome outcome)
    {
        var wait = new InstanceWait("web-1", verb, Status(ProcessState.Running, 100));

        wait.OnStatus(Status(state, pid));

        wait.Outcome.Should().Be(outcome, "a status taken before the command took effect must not end the wait, and a restart needs a new process");
    }

    [Fact]
    public void An_instance_that_disappears_or_misses_the_deadline_failed_and_a_settled_one_stays_settled()
    {
        var gone = new InstanceWait("web-1", OperatorVerb.Start, Status(ProcessState.Stopped, null));
        gone.OnStatus(null);
        gone.Outcome.Should().Be(WaitOutcome.Failed);

        var slow = new InstanceWait("web-1", OperatorVerb.Stop, Status(ProcessState.Running, 100));
        slow.OnTransition(ProcessState.Stopping, "operator stop");
        slow.OnDeadline(Status(ProcessState.Stopping, 100));
        (slow.Outcome, slow.TimedOut, slow.State).Should().Be((WaitOutcome.Failed, true, ProcessState.Stopping));

        var done = new InstanceWait("web-1", OperatorVerb.Stop, Status(ProcessState.Running, 100));
        done.OnTransition(ProcessState.Stopped, "stopped");
        done.OnDeadline(Status(ProcessState.Running, 200));
        done.OnTransition(ProcessState.Starting, "someone else's start");
        (done.Outcome, done.State).Should().Be((WaitOutcome.Reached, ProcessState.Stopped));
    }

    [Fact]
    public void The_deadline_follows_the_stop_timeout_the_start_attempts_and_their_backoff()
    {
        var spec = new ServiceSpec
        {
            Name = "web",
            Command = "/bin/true",
            StartSeconds = TimeSpan.FromSeconds(1),
            StartRetries = 3,
            Backoff = new BackoffSpec { Min = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(3), Multiplier = 2, Jitter = 0.5 },
            Stop = new StopSpec { Timeout = TimeSpan.FromSeconds(10) },
        };

        // Starting: 4 attempts of 1 s, backoff 1 + 2 + 3 (capped) s at 1.5 x jitter = 9 s; plus the 5 s margin.
        WaitBudget.For(OperatorVerb.Stop, spec).Should().Be(TimeSpan.FromSeconds(15));
        WaitBudget.For(OperatorVerb.Start, spec).Should().Be(TimeSpan.FromSeconds(18));
        WaitBudget.For(OperatorVerb.Restart, spec).Should().Be(TimeSpan.FromSeconds(28));
        WaitBudget.For(OperatorVerb.Stop, [spec, spec with { Name = "api" }]).Should().Be(TimeSpan.FromSeconds(30), "a group stops its members in order");
        WaitBudget.For(OperatorVerb.Start, spec with { StartRetries = 10_000 }).Should().BeGreaterThan(TimeSpan.FromHours(8), "a huge retry count neither overflows nor hangs");
    }

    private static InstanceStatus Status(ProcessState state, int? pid) =>
        new("web-1", "web", "web", "/user/web/web-1", state, pid, null, 0, null, null, "none", null, null);
}
