using System.Diagnostics;
using System.Text;
using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Specs;
using Serilog;
using Xunit.Abstractions;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>Heap measurements are only meaningful while nothing else in the test process allocates.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "memory measurements";
}

/// <summary>
/// A child writing 100 MB as fast as it can: memory stays within the buffer bound and the child's
/// writes keep completing whether the disk keeps up or is stuck.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class LogShipperFloodTests : IDisposable
{
    private const long TotalBytes = 100L * 1024 * 1024;
    private const int LineBytes = 100;
    private const long AllowedHeapGrowth = 48L * 1024 * 1024;

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-flood-").FullName;
    private readonly ActorSystem _system = ActorSystem.Create("flood");
    private readonly RecordingPublisher _events = new();

    public LogShipperFloodTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Chunk()
    {
        var line = Encoding.ASCII.GetBytes(new string('x', LineBytes - 1) + "\n");
        var chunk = new byte[64 * 1024 / LineBytes * LineBytes];
        for (var offset = 0; offset < chunk.Length; offset += LineBytes)
        {
            line.CopyTo(chunk, offset);
        }

        return chunk;
    }

    private IActorRef Start(LogSpec spec) =>
        _system.ActorOf(LogShipperActor.Props(spec, "flood", "flood-1", Serilog.Core.Logger.None, _events, LogShipperTuning.Default with { DropReportInterval = TimeSpan.FromMilliseconds(100) }));

    private async Task<(long Lines, TimeSpan Elapsed, TimeSpan SlowestWrite, long PeakHeapGrowth)> FloodAsync(StreamPair pair)
    {
        var chunk = Chunk();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            // Live objects only (a full collection before each reading): what the shipper holds, not the
            // garbage a generation-0 budget lets pile up between collections, which depends on the GC's
            // tuning and on whatever else allocated in the process, not on the shipper.
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(20);
            }
        });

        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        long written = 0;
        while (written < TotalBytes)
        {
            var write = Stopwatch.StartNew();
            await pair.Writer.WriteAsync(chunk).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, write.Elapsed.Ticks));
            written += chunk.Length;
        }

        pair.CloseWriter();
        total.Stop();
        await sampling.CancelAsync();
        await sampler;
        return (written / LineBytes, total.Elapsed, slowest, peak - baseline);
    }

    private long Dropped(string reason) =>
        _events.Named("logs-dropped").Where(e => (string?)e.Fields["reason"] == reason).Sum(e => (long)e.Fields["dropped"]!);

    [Fact]
    public async Task A_stuck_disk_never_blocks_the_child_and_memory_stays_within_the_buffer_bound()
    {
        var spec = new LogSpec { Directory = Path.Combine(_folder, "logs"), BufferLines = 10_000 };
        Directory.CreateDirectory(spec.Directory);
        var path = LogFiles.PathFor(spec, "flood-1", LogStream.Stdout);
        MakeFifo(path);
        using var pair = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, pair.Reader, null));

        var (lines, elapsed, slowest, growth) = await FloodAsync(pair);
        _output.WriteLine($"stuck disk: {lines} lines in {elapsed.TotalMilliseconds:0} ms, slowest write {slowest.TotalMilliseconds:0} ms, peak heap growth {growth / 1024 / 1024.0:0.0} MiB");

        slowest.Should().BeLessThan(TimeSpan.FromSeconds(2), "the pump keeps reading while the writer is stuck opening the file");
        growth.Should().BeLessThan(AllowedHeapGrowth);
        // Everything beyond the buffer and the one line the stuck writer holds is dropped, and reported.
        var mustDrop = lines - spec.BufferLines - 1;
        await Eventually.True(() => Dropped("buffer-full") >= mustDrop, $"at least {mustDrop} lines are reported dropped");
        Dropped("buffer-full").Should().BeLessThanOrEqualTo(lines);

        // Unstick the writer: a reader that closes at once turns its blocked open into a broken pipe,
        // which the writer reports before the test removes its folder.
        await using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous))
        {
        }

        await Eventually.True(() => _events.Named("logs-write-failed").Any(), "the broken pipe is reported as a write failure");
    }

    [Fact]
    public async Task A_flood_to_a_real_file_is_written_or_counted_line_for_line_with_bounded_memory()
    {
        var spec = new LogSpec { Directory = Path.Combine(_folder, "logs"), MaxSizeBytes = 256L * 1024 * 1024, BufferLines = 10_000 };
        using var pair = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, pair.Reader, null));

        var (lines, elapsed, slowest, growth) = await FloodAsync(pair);
        var path = LogFiles.PathFor(spec, "flood-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(path) && (new FileInfo(path).Length / LineBytes) + Dropped("buffer-full") == lines, "every line is either in the file or counted as dropped", seconds: 30);
        _output.WriteLine($"real file: {lines} lines in {elapsed.TotalMilliseconds:0} ms, slowest write {slowest.TotalMilliseconds:0} ms, peak heap growth {growth / 1024 / 1024.0:0.0} MiB, dropped {Dropped("buffer-full")}");

        slowest.Should().BeLessThan(TimeSpan.FromSeconds(2));
        growth.Should().BeLessThan(AllowedHeapGrowth);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }
}
