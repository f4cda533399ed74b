using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>The status board sums an instance's `logs-dropped` events into per-stream, per-reason counts for the status and /metrics (issue 12).</summary>
public sealed class StatusBoardLogDropTests : VirtualTimeTestKit
{
    private static WardenEvent AtStream(string instance, string stream, string reason, long lines, long bytes) =>
        new(DateTimeOffset.UnixEpoch, "web", instance, new LogsDroppedEvent(stream, null, reason, lines, lines, bytes, bytes));

    private static WardenEvent AtTarget(string instance, string target, string reason, long lines) =>
        new(DateTimeOffset.UnixEpoch, "web", instance, new LogsDroppedEvent(null, target, reason, lines, lines, null, null));

    [Fact]
    public void Drops_are_summed_per_stream_and_reason_and_absent_where_none_happened()
    {
        var layout = TreeLayout.From(TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 2 })));
        var board = Sys.ActorOf(StatusBoard.Props(layout, () => new WardenRuntimeStats(0, 0, 0, 0)));

        board.Tell(AtStream("web-1", "stdout", "rate-limit", 1000, 50_000), TestActor);
        board.Tell(AtStream("web-1", "stdout", "rate-limit", 200, 10_000), TestActor);
        board.Tell(AtTarget("web-1", "udp://127.0.0.1:514", "syslog-queue-full", 30), TestActor);
        board.Tell(GetStatus.Instance, TestActor);
        RunUntilIdle();
        var status = ExpectMsg<WardenStatus>();

        status.Instances.Single(i => i.Name == "web-1").LogDrops.Should().Equal(
            new LogDropCount("stdout", "rate-limit", 1200, 60_000),
            new LogDropCount("udp://127.0.0.1:514", "syslog-queue-full", 30, 0));
        status.Instances.Single(i => i.Name == "web-2").LogDrops.Should().BeNull();
    }
}
