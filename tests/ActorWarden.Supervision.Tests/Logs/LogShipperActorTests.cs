using System.Text;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;
using Akka.Actor;
using Serilog.Events;
using Serilog;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>The shipper end to end on real streams and real files.</summary>
public sealed class LogShipperActorTests : IDisposable
{
    private static readonly LogShipperTuning FastTuning = LogShipperTuning.Default with
    {
        DropReportInterval = TimeSpan.FromMilliseconds(100),
        WriteRetryInterval = TimeSpan.FromMilliseconds(100),
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("aw-logs-").FullName;
    private readonly ActorSystem _system = ActorSystem.Create("logs");
    private readonly RecordingPublisher _events = new();
    private readonly RecordingSink _sink = new();
    private readonly Serilog.Core.Logger _log;

    public LogShipperActorTests()
    {
        _log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_sink).CreateLogger();
    }

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        _log.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private LogSpec Spec => new() { Directory = Path.Combine(_folder, "logs") };

    private IActorRef Start(LogSpec spec, string instance = "web-1") =>
        _system.ActorOf(LogShipperActor.Props(spec, "web", instance, _log, _events, FastTuning), instance);

    private static Task WriteAsync(StreamPair pair, string text) => pair.Writer.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    [Fact]
    public async Task Stdout_and_stderr_land_in_their_files_byte_for_byte_including_a_last_line_without_newline()
    {
        var spec = Spec;
        using var stdout = await StreamPair.CreateAsync();
        using var stderr = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(77, stdout.Reader, stderr.Reader));

        await WriteAsync(stdout, "hello\r\nworld\n");
        await WriteAsync(stderr, "warning: x\n");
        var outPath = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        var errPath = LogFiles.PathFor(spec, "web-1", LogStream.Stderr);
        await Eventually.True(() => File.Exists(outPath) && File.ReadAllText(outPath) == "hello\r\nworld\n", "stdout is flushed without waiting for more output");
        await Eventually.True(() => File.Exists(errPath) && File.ReadAllText(errPath) == "warning: x\n", "stderr has its own file");

        await WriteAsync(stdout, "bye");
        stdout.CloseWriter();
        await Eventually.True(() => File.ReadAllText(outPath) == "hello\r\nworld\nbye\n", "EOF flushes the unterminated last line");
        outPath.Should().Be(Path.Combine(_folder, "logs", "web-1.out.log"));
    }

    [Fact]
    public async Task Every_line_of_a_real_process_arrives_although_it_exits_at_once()
    {
        // The smallest buffer: the child waits for the file instead of losing lines, and nothing in flight is lost at exit.
        var spec = Spec with { BufferBytes = 64 * 1024 };
        var launcher = ActorWarden.Processes.ProcessLauncher.ForCurrentOs();
        using var child = launcher.Start(new ActorWarden.Processes.ProcessStartSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", "i=0; while [ $i -lt 20000 ]; do echo \"line $i\"; i=$((i+1)); done; echo 'fatal: the stack trace' >&2; exit 3"],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        });
        Start(spec).Tell(new AttachOutput(child.Pid, child.StandardOutput, child.StandardError));

        (await child.Exited.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode.Should().Be(3);

        var outPath = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        var errPath = LogFiles.PathFor(spec, "web-1", LogStream.Stderr);
        await Eventually.True(() => File.Exists(errPath) && File.ReadAllText(errPath) == "fatal: the stack trace\n", "the last words on stderr are kept");
        await Eventually.True(() => File.Exists(outPath) && File.ReadLines(outPath).Count() == 20000, "all 20000 stdout lines are kept");
        File.ReadLines(outPath).Last().Should().Be("line 19999");
        _events.Named(LogEventNames.Dropped).Should().BeEmpty("a writer that falls behind makes the child wait; it never drops");
        await Eventually.True(() => !child.StandardOutput!.CanRead && !child.StandardError!.CanRead, "the shipper disposes the streams it owns at EOF");
    }

    [Fact]
    public async Task Output_of_a_replaced_process_and_its_successor_both_arrive()
    {
        var spec = Spec;
        using var first = await StreamPair.CreateAsync();
        using var second = await StreamPair.CreateAsync();
        var shipper = Start(spec);
        shipper.Tell(new AttachOutput(1, first.Reader, null));
        await WriteAsync(first, "from 1\n");
        shipper.Tell(new AttachOutput(2, second.Reader, null));
        await WriteAsync(second, "from 2\n");
        await WriteAsync(first, "last words of 1\n");
        first.CloseWriter();

        var path = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(path) && File.ReadAllLines(path).Length == 3, "both processes' lines are written");
        File.ReadAllLines(path).Should().BeEquivalentTo("from 1", "from 2", "last words of 1");
    }

    [Fact]
    public async Task Files_rotate_while_the_child_writes_and_keep_is_honoured()
    {
        var spec = Spec with { MaxSizeBytes = 4096, Keep = 2 };
        using var stdout = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, stdout.Reader, null));

        for (var n = 0; n < 500; n++)
        {
            await WriteAsync(stdout, $"line {n:D4} {new string('x', 80)}\n");
        }

        stdout.CloseWriter();
        var path = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(path) && File.ReadLines(path).LastOrDefault()?.StartsWith("line 0499", StringComparison.Ordinal) == true, "the last line is written");
        Directory.GetFiles(spec.Directory).Select(Path.GetFileName).Should().BeEquivalentTo("web-1.out.log", "web-1.out.log.1", "web-1.out.log.2");
        new FileInfo(LogFiles.RotatedPath(path, 1)).Length.Should().BeLessThanOrEqualTo(4096);
        var kept = File.ReadAllLines(LogFiles.RotatedPath(path, 2)).Concat(File.ReadAllLines(LogFiles.RotatedPath(path, 1))).Concat(File.ReadAllLines(path)).ToList();
        var numbers = kept.Select(l => int.Parse(l.AsSpan(5, 4))).ToList();
        numbers.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        numbers.Last().Should().Be(499);
        (numbers.Last() - numbers.First() + 1).Should().Be(numbers.Count, "nothing is lost inside the kept window");
    }

    [Fact]
    public async Task Lines_go_to_the_warden_log_with_service_instance_and_stream()
    {
        using var stderr = await StreamPair.CreateAsync();
        Start(Spec with { ToWardenLog = true }).Tell(new AttachOutput(1, null, stderr.Reader));

        await WriteAsync(stderr, "disk almost full \xff\n");
        stderr.CloseWriter();

        await Eventually.True(() => _sink.Events.Any(e => e.Properties.ContainsKey("Line")), "the line reaches Serilog");
        var logged = _sink.Events.Single(e => e.Properties.ContainsKey("Line"));
        logged.Level.Should().Be(LogEventLevel.Information);
        ((ScalarValue)logged.Properties["Service"]).Value.Should().Be("web");
        ((ScalarValue)logged.Properties["Instance"]).Value.Should().Be("web-1");
        ((ScalarValue)logged.Properties["Stream"]).Value.Should().Be("stderr");
        ((ScalarValue)logged.Properties["Line"]).Value.Should().Be("disk almost full \u00ff");
    }

    [Fact]
    public async Task Invalid_utf8_reaches_the_warden_log_decoded_leniently_and_the_file_byte_for_byte()
    {
        var spec = Spec with { ToWardenLog = true };
        using var stdout = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, stdout.Reader, null));
        byte[] garbage = [0x66, 0xC3, 0x28, 0xFF, 0x00, 0x6F, (byte)'\n'];

        await stdout.Writer.WriteAsync(garbage);
        stdout.CloseWriter();

        var path = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(path) && File.ReadAllBytes(path).Length == garbage.Length, "the raw bytes are written");
        File.ReadAllBytes(path).Should().Equal(garbage);
        await Eventually.True(() => _sink.Events.Any(e => e.Properties.ContainsKey("Line")), "the line reaches Serilog");
        ((ScalarValue)_sink.Events.Single(e => e.Properties.ContainsKey("Line")).Properties["Line"]).Value.Should().Be("f\uFFFD(\uFFFD\0o");
    }

    [Fact]
    public async Task With_logs_disabled_the_pipes_are_still_drained_and_no_file_is_written()
    {
        var spec = Spec with { Enabled = false };
        using var stdout = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, stdout.Reader, null));

        var chunk = new byte[1024 * 1024];
        for (var i = 0; i < 8; i++)
        {
            await stdout.Writer.WriteAsync(chunk).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Directory.Exists(spec.Directory).Should().BeFalse();
    }

    [Fact]
    public async Task A_full_disk_is_reported_once_counted_and_recovered_from_without_blocking_the_child()
    {
        var spec = Spec;
        Directory.CreateDirectory(spec.Directory);
        var path = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        File.CreateSymbolicLink(path, "/dev/full");
        using var stdout = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, stdout.Reader, null));

        for (var n = 0; n < 2000; n++)
        {
            await WriteAsync(stdout, $"line {n}\n").WaitAsync(TimeSpan.FromSeconds(10));
        }

        await Eventually.True(() => _events.Named("logs-write-failed").Any(), "the failure is reported");
        await Eventually.True(
            () => _events.Named("logs-dropped").Where(e => (string?)e.Fields["reason"] == "write-failed").Sum(e => (long)e.Fields["dropped"]!) > 0,
            "lost lines are counted in logs-dropped");
        var failed = _events.Named("logs-write-failed").Single();
        failed.Fields["path"].Should().Be(path);
        failed.Fields["stream"].Should().Be("stdout");
        failed.Service.Should().Be("web");
        failed.Instance.Should().Be("web-1");

        File.Delete(path);
        await Eventually.True(
            () =>
            {
                stdout.Writer.Write("after recovery\n"u8);
                return File.Exists(path) && File.ReadAllText(path).Contains("after recovery", StringComparison.Ordinal);
            },
            "writing resumes once the disk accepts data again");
        await Eventually.True(() => _events.Named("logs-write-recovered").Any(), "the recovery is reported");
        _events.Named("logs-write-failed").Should().ContainSingle("an outage is reported once, not per line");
        var lostLines = _events.Named("logs-dropped").Where(e => (string?)e.Fields["reason"] == "write-failed").Sum(e => (long)e.Fields["dropped"]!);
        File.ReadLines(path).First().Should().MatchRegex(
            @"^--- warden: \d+ lines \(\d+ bytes\) dropped here: the log file could not be written: .+ ---$",
            "the hole is marked in the file where it is");
        lostLines.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_rate_limit_drops_beyond_the_burst_marks_the_hole_in_the_file_and_counts_it()
    {
        var spec = Spec with { RateLimit = new LogRateLimitSpec(5, TimeSpan.FromMilliseconds(300)) };
        using var stdout = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, stdout.Reader, null));
        var path = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);

        await WriteAsync(stdout, string.Concat(Enumerable.Range(0, 20).Select(n => $"burst {n:D2}\n")));
        await Eventually.True(() => File.Exists(path) && File.ReadAllLines(path).Length == 5, "the burst passes");
        await Task.Delay(400);
        await WriteAsync(stdout, "next window\n");
        stdout.CloseWriter();

        await Eventually.True(() => File.ReadAllLines(path).Length == 7, "the marker and the next window's line follow");
        File.ReadAllLines(path).Should().Equal(
            "burst 00", "burst 01", "burst 02", "burst 03", "burst 04",
            "--- warden: 15 lines (135 bytes) dropped here: rate limit of 5 lines per 300ms ---",
            "next window");
        await Eventually.True(() => _events.Named(LogEventNames.Dropped).Any(), "the drop is reported");
        var dropped = _events.Named(LogEventNames.Dropped).ToList();
        dropped.Should().OnlyContain(e => (string?)e.Fields["reason"] == "rate-limit");
        await Eventually.True(() => _events.Named(LogEventNames.Dropped).Sum(e => (long)e.Fields["dropped"]!) == 15, "all 15 lines are counted");
        _events.Named(LogEventNames.Dropped).Sum(e => (long)e.Fields["dropped-bytes"]!).Should().Be(135);
    }

    [Fact]
    public async Task A_hole_at_the_end_of_the_output_is_marked_when_the_stream_ends()
    {
        var spec = Spec with { RateLimit = new LogRateLimitSpec(2, TimeSpan.FromHours(1)) };
        using var stdout = await StreamPair.CreateAsync();
        Start(spec).Tell(new AttachOutput(1, stdout.Reader, null));

        await WriteAsync(stdout, "a\nb\nc\nd\ne");
        stdout.CloseWriter();

        var path = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(path) && File.ReadAllLines(path).Length == 3, "the marker closes the file");
        File.ReadAllLines(path).Should().Equal("a", "b", "--- warden: 3 lines (6 bytes) dropped here: rate limit of 2 lines per 3600s ---");
    }

    [Fact]
    public async Task A_log_folder_that_cannot_be_created_is_reported_and_the_shipper_keeps_running()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the log folder should be");
        var spec = Spec with { Directory = blocker };
        using var stdout = await StreamPair.CreateAsync();
        var shipper = Start(spec);
        shipper.Tell(new AttachOutput(1, stdout.Reader, null));

        await WriteAsync(stdout, "nowhere to go\n");

        await Eventually.True(() => _events.Named("logs-write-failed").Any(), "the failure is reported");
        var alive = await shipper.Ask<bool>(new object(), TimeSpan.FromMilliseconds(200)).ContinueWith(t => t.Exception?.InnerException is AskTimeoutException);
        alive.Should().BeTrue("the shipper neither crashed nor stopped (an unhandled message simply gets no reply)");
        _system.WhenTerminated.IsCompleted.Should().BeFalse("nothing escalated to the root of the system");
    }

    [Theory]
    [InlineData(0L, 5, 1024, 10, "logs.max-size*")]
    [InlineData(1024L, -1, 1024, 10, "logs.keep*")]
    [InlineData(1024L, 5, 0, 10, "logs.max-line*")]
    [InlineData(1024L, 5, 1024, 0, "logs.buffer*")]
    public void Out_of_range_settings_are_refused_with_their_name(long maxSize, int keep, int maxLine, int bufferBytes, string message)
    {
        var spec = Spec with { MaxSizeBytes = maxSize, Keep = keep, MaxLineBytes = maxLine, BufferBytes = bufferBytes };

        FluentActions.Invoking(() => LogShipperActor.Props(spec, "web", "web-1", _log, null))
            .Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void A_bad_syslog_facility_is_refused_when_props_are_built() =>
        FluentActions.Invoking(() => LogShipperActor.Props(Spec with { Syslog = new SyslogSpec { Host = "127.0.0.1", Facility = "nope" } }, "web", "web-1", _log, null))
            .Should().Throw<ArgumentException>().WithMessage("logs.ship.syslog.facility*nope*");

    [Fact]
    public void An_instance_name_that_would_escape_the_folder_is_refused() =>
        FluentActions.Invoking(() => LogFiles.PathFor(Spec, "../etc", LogStream.Stdout))
            .Should().Throw<ArgumentException>().WithMessage("'../etc' is not a valid instance name*");
}
