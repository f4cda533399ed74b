using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// A child writing 100 MB as fast as it can: every line reaches the file, memory stays within the
/// buffer bound, and when the disk is stuck the child waits instead of losing output.
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

    /// <summary>Writes <see cref="TotalBytes"/> as a child would; <paramref name="written"/> counts what the "kernel" accepted so far.</summary>
    private static async Task FloodAsync(StreamPair pair, StrongBox<long> written)
    {
        var chunk = Chunk();
        while (Interlocked.Read(ref written.Value) < TotalBytes)
        {
            await pair.Writer.WriteAsync(chunk);
            Interlocked.Add(ref written.Value, chunk.Length);
        }

        pair.CloseWriter();
    }

    /// <summary>Peak growth of the live heap (a full collection before each reading) while <paramref name="work"/> runs.</summary>
    private static async Task<long> PeakHeapGrowthAsync(Func<Task> work)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(20);
            }
        });
        await work();
        await sampling.CancelAsync();
        await sampler;
        return peak - baseline;
    }

    [Fact]
    public async Task A_stuck_disk_makes_the_child_wait_with_bounded_memory_and_loses_nothing_once_it_moves_again()
    {
        var spec = new LogSpec { Directory = Path.Combine(_folder, "logs"), MaxSizeBytes = 256L * 1024 * 1024 };
        Directory.CreateDirectory(spec.Directory);
        var path = LogFiles.PathFor(spec, "flood-1", LogStream.Stdout);
        MakeFifo(path);
        using var pair = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, pair.Reader, null));
        var written = new StrongBox<long>();
        var flood = Task.Run(() => FloodAsync(pair, written));

        var growth = await PeakHeapGrowthAsync(async () =>
        {
            // Stuck: the writer blocks opening the FIFO, the queue fills, the pump stops reading, the child blocks.
            await Eventually.True(() => Stable(written, TimeSpan.FromMilliseconds(300)), "the child's writes stop completing", seconds: 30);
        });
        var whileStuck = Interlocked.Read(ref written.Value);
        _output.WriteLine($"stuck disk: the child got {whileStuck / 1024 / 1024.0:0.0} MiB out before waiting, peak heap growth {growth / 1024 / 1024.0:0.0} MiB");
        whileStuck.Should().BeLessThan(TotalBytes / 2, "the child waits for the disk");
        growth.Should().BeLessThan(AllowedHeapGrowth);

        // The disk moves again: a reader of the FIFO gets every byte the child wrote, in order.
        long received;
        await using (var fifo = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.Asynchronous))
        {
            received = await CountLinesAsync(fifo, () => flood.IsCompleted ? written.Value / LineBytes : long.MaxValue).WaitAsync(TimeSpan.FromSeconds(60));
        }

        await flood.WaitAsync(TimeSpan.FromSeconds(60));
        received.Should().Be(written.Value / LineBytes, "nothing is dropped while the disk is stuck");
        _events.Named(LogEventNames.Dropped).Should().BeEmpty();
    }

    [Fact]
    public async Task A_flood_to_a_real_file_is_written_line_for_line_with_bounded_memory()
    {
        var spec = new LogSpec { Directory = Path.Combine(_folder, "logs"), MaxSizeBytes = 256L * 1024 * 1024 };
        using var pair = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, pair.Reader, null));
        var written = new StrongBox<long>();
        var path = LogFiles.PathFor(spec, "flood-1", LogStream.Stdout);

        var elapsed = Stopwatch.StartNew();
        var growth = await PeakHeapGrowthAsync(async () =>
        {
            await FloodAsync(pair, written).WaitAsync(TimeSpan.FromSeconds(60));
            await Eventually.True(() => File.Exists(path) && new FileInfo(path).Length == written.Value, "every byte is in the file", seconds: 30);
        });
        _output.WriteLine($"real file: {written.Value / LineBytes} lines in {elapsed.ElapsedMilliseconds} ms, peak heap growth {growth / 1024 / 1024.0:0.0} MiB");

        growth.Should().BeLessThan(AllowedHeapGrowth);
        _events.Named(LogEventNames.Dropped).Should().BeEmpty();
    }

    /// <summary>True when <paramref name="counter"/> did not move for <paramref name="quiet"/>.</summary>
    private static bool Stable(StrongBox<long> counter, TimeSpan quiet)
    {
        var before = Interlocked.Read(ref counter.Value);
        Thread.Sleep(quiet);
        return before > 0 && Interlocked.Read(ref counter.Value) == before;
    }

    /// <summary>Reads until the <paramref name="expected"/> lines (known once the flood is over) have come, or EOF: the writer keeps the FIFO open.</summary>
    private static async Task<long> CountLinesAsync(Stream stream, Func<long> expected)
    {
        var buffer = new byte[1 << 20];
        long lines = 0;
        int read;
        while (lines < expected() && (read = await stream.ReadAsync(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }
}
