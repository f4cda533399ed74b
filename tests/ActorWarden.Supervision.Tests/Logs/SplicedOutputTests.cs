using System.Globalization;
using System.Text;
using Akka.Actor;
using ActorWarden.Supervision.Logs;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>
/// The zero-copy path: when nothing needs lines, a pipe's bytes are spliced into the file unseen, and still
/// every file rotates at a line boundary within its size, every line arrives once and in order, and the last
/// unfinished line of a stream is ended at EOF.
/// </summary>
public sealed class SplicedOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-splice-").FullName;
    private readonly ActorSystem _system = ActorSystem.Create("splice");

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        Directory.Delete(_folder, recursive: true);
    }

    private LogSpec Spec(long maxSize, int keep) =>
        new() { Directory = Path.Combine(_folder, "logs"), MaxSizeBytes = maxSize, Keep = keep, MaxLineBytes = 1024 };

    private string Attach(LogSpec spec, FakeSplicePipe pipe, string instance = "svc-1")
    {
        _system.ActorOf(LogShipperActor.Props(spec, "svc", instance, Serilog.Core.Logger.None, new RecordingPublisher()))
            .Tell(new AttachOutput(4242, pipe, null));
        return LogFiles.PathFor(spec, instance, LogStream.Stdout);
    }

    [Fact]
    public async Task A_spliced_flood_rotates_at_line_boundaries_within_the_size_and_keeps_every_line_in_order()
    {
        const int Lines = 600_000;
        const long MaxSize = 512 * 1024;
        var spec = Spec(MaxSize, keep: 100);
        var pipe = new FakeSplicePipe();
        var all = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, Lines).Select(n => n.ToString(CultureInfo.InvariantCulture) + "\n")));
        var random = new Random(12);
        for (var at = 0; at < all.Length;)
        {
            // Chunks cut lines anywhere, as a child's writes do.
            var length = Math.Min(random.Next(1, 20_000), all.Length - at);
            pipe.Feed(all[at..(at + length)]);
            at += length;
        }

        pipe.CloseWriter();
        var current = Attach(spec, pipe);

        await Eventually.True(() => File.Exists(current) && File.ReadAllText(current).EndsWith($"\n{Lines}\n", StringComparison.Ordinal), "the last line to reach the file");
        var generations = Enumerable.Range(1, 100).Reverse().Select(g => LogFiles.RotatedPath(current, g)).Where(File.Exists).Append(current).ToList();
        generations.Should().HaveCountGreaterThan(5, "the flood crossed several rotations");
        var expected = 1;
        foreach (var file in generations)
        {
            var bytes = File.ReadAllBytes(file);
            bytes.Length.Should().BeLessThanOrEqualTo((int)MaxSize, "rotation is exact by size ({0})", Path.GetFileName(file));
            bytes[^1].Should().Be((byte)'\n', "a file rotates at a line boundary ({0})", Path.GetFileName(file));
            foreach (var line in Encoding.ASCII.GetString(bytes).TrimEnd('\n').Split('\n'))
            {
                line.Should().Be(expected.ToString(CultureInfo.InvariantCulture), "lines are consecutive across rotations ({0})", Path.GetFileName(file));
                expected++;
            }
        }

        expected.Should().Be(Lines + 1);
        // Only the last stretch of each file, up to max-line + 64 KiB before its size, is read to find the line boundary.
        pipe.Spliced.Should().BeGreaterThan(all.Length * 3 / 4, "most of the flood goes to the file without being read");
    }

    [Theory]
    [InlineData(64 * 1024, false)]
    [InlineData(1024 * 1024, true)]
    public async Task A_spliced_flood_pauses_only_on_a_pipe_that_holds_enough_to_be_worth_it(long capacity, bool pauses)
    {
        // A pause lets a flood fill the pipe; on the kernel's 64 KiB pipe (or 8 KiB past pipe-user-pages-soft),
        // a 2 ms pause capped the child at 32 MB/s (4 MB/s), since the pause was sized for 1 MiB.
        var pipe = new FakeSplicePipe { Capacity = capacity };
        var current = Attach(Spec(64 * 1024 * 1024, keep: 1), pipe);
        var next = 1;
        for (var block = 0; block < 40; block++)
        {
            var text = new StringBuilder();
            while (text.Length < 64 * 1024)
            {
                text.Append(next++).Append('\n');
            }

            pipe.Feed(Encoding.ASCII.GetBytes(text.ToString()));
            await Task.Delay(5);
        }

        pipe.CloseWriter();
        var last = next - 1;
        await Eventually.True(() => File.Exists(current) && File.ReadAllText(current).EndsWith($"\n{last}\n", StringComparison.Ordinal), "the last line to reach the file");
        (pipe.Pauses > 0).Should().Be(pauses, "{0} pauses on a pipe of {1} bytes", pipe.Pauses, capacity);
    }

    [Fact]
    public async Task A_pipe_is_widened_once_when_a_flood_fills_it_and_a_quiet_stream_never()
    {
        var flood = new FakeSplicePipe { Capacity = 64 * 1024, WidensTo = 4 * 1024 * 1024 };
        var quiet = new FakeSplicePipe { Capacity = 64 * 1024, WidensTo = 4 * 1024 * 1024 };
        var floodFile = Attach(Spec(64 * 1024 * 1024, keep: 1), flood);
        var quietFile = Attach(Spec(64 * 1024 * 1024, keep: 1), quiet, "quiet");
        var line = Encoding.ASCII.GetBytes(new string('x', 99) + "\n");
        for (var block = 0; block < 10; block++)
        {
            flood.Feed(Enumerable.Repeat(line, 64 * 1024 / 100 + 1).SelectMany(b => b).ToArray());
            quiet.Feed(line);
            await Task.Delay(5);
        }

        flood.CloseWriter();
        quiet.CloseWriter();
        // The lengths read, so that a timeout shows how far each file got (it failed once, under a full test run).
        await Eventually.Value(() => Task.FromResult(File.Exists(floodFile) ? new FileInfo(floodFile).Length : -1), length => length == 10 * (64 * 1024 / 100 + 1) * 100, "the flood in its file");
        await Eventually.Value(() => Task.FromResult(File.Exists(quietFile) ? new FileInfo(quietFile).Length : -1), length => length == 10 * 100, "the quiet lines in their file");
        flood.Widenings.Should().Be(1, "a full pipe is widened, once");
        quiet.Widenings.Should().Be(0, "a pipe never found full keeps the kernel's size");
    }

    [Fact]
    public async Task A_stream_that_writes_nothing_opens_no_file()
    {
        // Each instance has two streams: 5,000 silent sleepers holding their files open ran the warden out of descriptors.
        var pipe = new FakeSplicePipe();
        var current = Attach(Spec(10L * 1024 * 1024, keep: 1), pipe);
        await Task.Delay(500);
        File.Exists(current).Should().BeFalse("nothing was written, so nothing is opened");

        pipe.Feed("late\n"u8.ToArray());

        await Eventually.True(() => File.Exists(current) && File.ReadAllText(current) == "late\n", "the first line to open the file");
    }

    [Fact]
    public async Task The_unfinished_last_line_of_a_spliced_stream_is_ended_at_eof()
    {
        // A stream's first block is read (it opens the file: a silent service holds no file open), later ones are spliced.
        var pipe = new FakeSplicePipe();
        pipe.Feed("first\n"u8.ToArray());
        var current = Attach(Spec(10L * 1024 * 1024, keep: 1), pipe);
        await Eventually.True(() => File.Exists(current) && File.ReadAllText(current) == "first\n", "the first block to be written");
        pipe.Feed("second\nno newline"u8.ToArray());
        pipe.CloseWriter();

        await Eventually.True(() => File.ReadAllText(current).EndsWith("newline\n", StringComparison.Ordinal), "the stream to end");
        File.ReadAllText(current).Should().Be("first\nsecond\nno newline\n");
        pipe.Spliced.Should().Be("second\nno newline".Length);
    }

    [Fact]
    public async Task A_stream_whose_lines_are_needed_is_read_not_spliced()
    {
        var pipe = new FakeSplicePipe();
        pipe.Feed("one\ntwo\n"u8.ToArray());
        pipe.CloseWriter();
        var current = Attach(Spec(10L * 1024 * 1024, keep: 1) with { ToWardenLog = true }, pipe);

        await Eventually.True(() => File.Exists(current) && File.ReadAllText(current) == "one\ntwo\n", "both lines in the file");
        pipe.Spliced.Should().Be(0, "the warden's log gets lines, so the bytes pass through the warden");
    }
}
