using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>The checks of the property can fail: each invariant is broken on purpose in a hand-written timeline.</summary>
public sealed class TimelineInvariantsTests
{
    private static readonly DateTimeOffset Origin = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WardenEvent State(int second, string from, string to) =>
        new(Origin.AddSeconds(second), EventNames.State, "web", "web", new Dictionary<string, object?> { ["from"] = from, ["to"] = to, ["reason"] = "test" });

    private static WardenEvent Pid(int second, string name, int pid) =>
        new(Origin.AddSeconds(second), name, "web", "web", new Dictionary<string, object?> { ["pid"] = pid });

    private static IReadOnlyList<string> Check(params WardenEvent[] events)
    {
        var settings = new WardenSettings();
        return TimelineInvariants.Violations(new SimulationResult
        {
            Settings = settings,
            Layout = TreeLayout.From(settings),
            Scenario = new Scenario(),
            Origin = Origin,
            Events = events,
            End = TimeSpan.FromMinutes(1),
        });
    }

    [Fact]
    public void A_start_run_exit_restart_timeline_breaks_nothing() =>
        Check(
            State(0, "stopped", "starting"), Pid(0, EventNames.Started, 1000), State(1, "starting", "running"),
            Pid(5, EventNames.Exited, 1000), State(5, "running", "exited"), State(5, "exited", "backoff"),
            State(6, "backoff", "starting"), Pid(6, EventNames.Started, 1001))
        .Should().BeEmpty();

    [Fact]
    public void A_transition_outside_the_table_is_reported() =>
        Check(State(0, "stopped", "starting"), State(1, "starting", "running"), State(2, "running", "fatal"))
            .Should().ContainSingle().Which.Should().Contain("illegal transition running -> fatal");

    [Fact]
    public void A_transition_from_a_state_the_instance_is_not_in_is_reported() =>
        Check(State(0, "stopped", "starting"), State(1, "running", "stopping"))
            .Should().ContainSingle().Which.Should().Contain("from running, but the instance was starting");

    [Fact]
    public void A_second_start_while_the_first_process_lives_is_reported() =>
        Check(Pid(0, EventNames.Started, 1000), Pid(1, EventNames.Started, 1001))
            .Should().ContainSingle().Which.Should().Contain("pid 1001 started while pid 1000 is still alive");

    [Fact]
    public void The_end_of_a_process_that_is_not_live_is_reported() =>
        Check(Pid(0, EventNames.Started, 1000), Pid(1, EventNames.Stopped, 1000), Pid(2, EventNames.Stopped, 1000))
            .Should().ContainSingle().Which.Should().Contain("stopped of pid 1000, which is not its live process");
}
