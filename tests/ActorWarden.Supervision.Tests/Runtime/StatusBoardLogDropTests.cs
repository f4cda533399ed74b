using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>The status board sums an instance's `logs-dropped` events into per-stream, per-reason counts for the status and /metrics (issue 12).</summary>
public sealed class StatusBoardLogDropTests : VirtualTimeTestKit
{
    private static WardenEvent Dropped(string instance, string streamKey, string stream, string reason, long lines, long? bytes) =>
        new(DateTimeOffset.UnixEpoch, LogEventNames.Dropped, "web", instance, new Dictionary<string, object?>
        {
            [streamKey] = stream,
            ["reason"] = reason,
            ["dropped"] = lines,
            ["total"] = lines,
            ["dropped-bytes"] = bytes,
        });

    [Fact]
    public void Drops_are_summed_per_stream_and_reason_and_absent_where_none_happened()
    {
        var layout = TreeLayout.From(TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 2 })));
        var board = Sys.ActorOf(StatusBoard.Props(layout, () => new WardenRuntimeStats(0, 0, 0, 0)));

        board.Tell(Dropped("web-1", "stream", "stdout", "rate-limit", 1000, 50_000), TestActor);
        board.Tell(Dropped("web-1", "stream", "stdout", "rate-limit", 200, 10_000), TestActor);
        board.Tell(Dropped("web-1", "target", "udp://127.0.0.1:514", "syslog-queue-full", 30, null), TestActor);
        board.Tell(GetStatus.Instance, TestActor);
        RunUntilIdle();
        var status = ExpectMsg<WardenStatus>();

        status.Instances.Single(i => i.Name == "web-1").LogDrops.Should().Equal(
            new LogDropCount("stdout", "rate-limit", 1200, 60_000),
            new LogDropCount("udp://127.0.0.1:514", "syslog-queue-full", 30, 0));
        status.Instances.Single(i => i.Name == "web-2").LogDrops.Should().BeNull();
    }
}
