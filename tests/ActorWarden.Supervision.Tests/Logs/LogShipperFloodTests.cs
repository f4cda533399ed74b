using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;
using Akka.Actor;
using Serilog;
using Xunit.Abstractions;

namespace ActorWarden.Supervision.Tests.Logs;

public sealed class LogShipperFloodTests : IDisposable
{
    private const long TotalBytes = 100L * 1024 * 1024;
    private const int LineBytes = 100;
    private const int KernelBuffer = 256 * 1024;

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

    /// <summary>The loopback pair with fixed kernel buffers; returns what the kernel may hold between the two ends.</summary>
    private static long FixKernelBuffers(StreamPair pair)
    {
        pair.Writer.Socket.SendBufferSize = KernelBuffer;
        pair.Reader.Socket.ReceiveBufferSize = KernelBuffer;
        return (long)pair.Writer.Socket.SendBufferSize + pair.Reader.Socket.ReceiveBufferSize;
    }

    /// <summary>Most the shipper may hold: one block of logs.buffer and the partial line carried into the next (rounded up as the array pool rents).</summary>
    private static long ShipperBound(LogSpec spec) => (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)spec.BufferBytes) + spec.MaxLineBytes;

    [Fact]
    public async Task A_stuck_disk_makes_the_child_wait_with_bounded_memory_and_loses_nothing_once_it_moves_again()
    {
        var spec = new LogSpec { Directory = Path.Combine(_folder, "logs"), MaxSizeBytes = 256L * 1024 * 1024 };
        Directory.CreateDirectory(spec.Directory);
        var path = LogFiles.PathFor(spec, "flood-1", LogStream.Stdout);
        MakeFifo(path);
        using var pair = await StreamPair.CreateAsync();
        var inKernel = FixKernelBuffers(pair);
        Start(spec).Tell(new AttachOutput(1, pair.Reader, null));
        var written = new StrongBox<long>();
        var flood = Task.Run(() => FloodAsync(pair, written));

        // Stuck: the writer blocks opening the FIFO, the pump stops reading, the child blocks. Nothing
        // reached the FIFO, so all the child got out is in the kernel or held by the shipper.
        await Eventually.True(() => Stable(written, TimeSpan.FromMilliseconds(300)), "the child's writes stop completing");
        var whileStuck = Interlocked.Read(ref written.Value);
        _output.WriteLine($"stuck disk: the child got {whileStuck / 1024.0:0} KiB out before waiting; kernel buffers {inKernel / 1024} KiB, shipper bound {ShipperBound(spec) / 1024} KiB");
        whileStuck.Should().BeLessThanOrEqualTo(inKernel + ShipperBound(spec), "the child waits for the disk and the shipper holds one block");

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
        var inKernel = FixKernelBuffers(pair);
        Start(spec).Tell(new AttachOutput(1, pair.Reader, null));
        var written = new StrongBox<long>();
        var path = LogFiles.PathFor(spec, "flood-1", LogStream.Stdout);

        var elapsed = Stopwatch.StartNew();
        var flood = FloodAsync(pair, written);
        var mostHeld = 0L;
        while (!flood.IsCompleted)
        {
            // Read the file first: a byte in it was accepted before, so the difference never undercounts.
            var inFile = File.Exists(path) ? new FileInfo(path).Length : 0;
            mostHeld = Math.Max(mostHeld, Interlocked.Read(ref written.Value) - inFile - inKernel);
            await Task.Delay(5);
        }

        await flood.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(() => File.Exists(path) && new FileInfo(path).Length == written.Value, "every byte is in the file");
        _output.WriteLine($"real file: {written.Value / LineBytes} lines in {elapsed.ElapsedMilliseconds} ms, the shipper held at most {Math.Max(0, mostHeld) / 1024} KiB (bound {ShipperBound(spec) / 1024} KiB)");

        mostHeld.Should().BeLessThanOrEqualTo(ShipperBound(spec), "the shipper holds one block and one carried line, whatever the flood");
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
