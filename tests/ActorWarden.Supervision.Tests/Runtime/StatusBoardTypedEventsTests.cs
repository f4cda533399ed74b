using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>The status board folds the typed payloads the actors emit; fields read back from the wire are not its input.</summary>
public sealed class StatusBoardTypedEventsTests : VirtualTimeTestKit
{
    private static WardenEvent Web1(EventPayload payload) => new(DateTimeOffset.UnixEpoch, "web", "web-1", payload);

    [Fact]
    public void A_row_follows_state_pid_exit_restarts_and_health_from_typed_payloads()
    {
        var board = Board();

        board.Tell(Web1(new StateEvent(ProcessState.Stopped, ProcessState.Starting, "start")), TestActor);
        board.Tell(Web1(new StartedEvent(41, "/bin/web", [], false)), TestActor);
        board.Tell(Web1(new ExitedEvent(41, 3, null, false, 500, false)), TestActor);
        board.Tell(Web1(new ServiceDirectiveEvent("web", "web-1", "restart", "restart", "exit code 3", "ProcessExitedException", 100)), TestActor);
        board.Tell(Web1(new StartedEvent(42, "/bin/web", [], false)), TestActor);
        board.Tell(Web1(new StateEvent(ProcessState.Starting, ProcessState.Running, "started")), TestActor);
        board.Tell(Web1(new HealthEvent(HealthState.Healthy, "GET /health: 200")), TestActor);
        var row = Row(board, "web-1");

        row.State.Should().Be(ProcessState.Running);
        row.Pid.Should().Be(42);
        row.LastExitCode.Should().Be(3);
        row.Restarts.Should().Be(1);
        row.Health.Should().Be("healthy");
        row.Description.Should().BeNull();
    }

    [Fact]
    public void An_event_with_the_same_name_and_fields_but_read_from_the_wire_changes_nothing()
    {
        var board = Board();

        board.Tell(new WardenEvent(DateTimeOffset.UnixEpoch, EventNames.State, "web", "web-1", new Dictionary<string, object?> { ["from"] = "stopped", ["to"] = "fatal", ["reason"] = "x" }), TestActor);
        board.Tell(new WardenEvent(DateTimeOffset.UnixEpoch, EventNames.Started, "web", "web-1", new Dictionary<string, object?> { ["pid"] = 7 }), TestActor);
        var row = Row(board, "web-1");

        row.State.Should().Be(ProcessState.Stopped);
        row.Pid.Should().BeNull();
    }

    private Akka.Actor.IActorRef Board()
    {
        var layout = TreeLayout.From(TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 2, Health = s.Health with { Type = ActorWarden.Config.HealthCheckType.Tcp } })));
        return Sys.ActorOf(StatusBoard.Props(layout, () => new WardenRuntimeStats(0, 0, 0, 0)));
    }

    private InstanceStatus Row(Akka.Actor.IActorRef board, string instance)
    {
        board.Tell(GetStatus.Instance, TestActor);
        RunUntilIdle();
        return ExpectMsg<WardenStatus>().Instances.Single(i => i.Name == instance);
    }
}
