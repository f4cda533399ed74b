using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class OutputAndEnvironmentTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Stdout_and_stderr_are_captured_separately()
    {
        var child = _scope.StartShell("echo out-1; echo err-1 >&2; echo out-2; printf 'err-2' >&2");

        var stdout = new StreamReader(child.StandardOutput!).ReadToEndAsync();
        var stderr = new StreamReader(child.StandardError!).ReadToEndAsync();

        (await Await.Within(stdout)).Should().Be("out-1\nout-2\n");
        (await Await.Within(stderr)).Should().Be("err-1\nerr-2");
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task A_child_can_open_dev_stdout_and_dev_stderr_and_what_it_writes_there_is_captured()
    {
        // nginx's `access_log /dev/stdout` does this; on a socket the open fails with ENXIO.
        var child = _scope.StartShell("echo via-open > /dev/stdout && echo err-via-open > /dev/stderr && echo direct");

        var stdout = new StreamReader(child.StandardOutput!).ReadToEndAsync();
        var stderr = new StreamReader(child.StandardError!).ReadToEndAsync();

        (await Await.Within(stdout)).Should().Be("via-open\ndirect\n");
        (await Await.Within(stderr)).Should().Be("err-via-open\n");
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Large_output_does_not_block_the_child()
    {
        var child = _scope.StartShell("head -c 1048576 /dev/zero");

        var bytes = new MemoryStream();
        await Await.Within(child.StandardOutput!.CopyToAsync(bytes).ContinueWith(_ => 0));

        bytes.Length.Should().Be(1048576);
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Without_capture_there_are_no_streams_and_output_goes_nowhere()
    {
        var child = _scope.StartShell("echo lost; echo lost >&2", capture: false);

        child.StandardOutput.Should().BeNull();
        child.StandardError.Should().BeNull();
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Stdin_is_the_null_device()
    {
        var child = _scope.StartShell("cat; echo done");

        (await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync())).Should().Be("done\n");
    }

    [Fact]
    public async Task Environment_is_exactly_the_given_one_plus_the_tree_marker()
    {
        var child = _scope.Start(new ProcessStartSpec
        {
            FileName = "/usr/bin/env",
            Environment = new Dictionary<string, string>
            {
                ["A"] = "1",
                ["WITH_SPACES"] = "two words",
                ["UNICODE"] = "žluťoučký",
                ["EMPTY"] = string.Empty,
            },
        });

        var output = await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync());

        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(
            "A=1", "WITH_SPACES=two words", "UNICODE=žluťoučký", "EMPTY=", $"ACTORWARDEN_TREE={ChildScope.Marker(child)}");
    }

    [Fact]
    public async Task A_tree_marker_in_the_spec_is_replaced_by_a_fresh_one()
    {
        var first = _scope.Start(new ProcessStartSpec
        {
            FileName = "/usr/bin/env",
            Environment = new Dictionary<string, string> { ["ACTORWARDEN_TREE"] = "forged" },
        });

        var output = await Await.Within(new StreamReader(first.StandardOutput!).ReadToEndAsync());

        output.Should().Be($"ACTORWARDEN_TREE={ChildScope.Marker(first)}\n");
        ChildScope.Marker(first).Should().NotBe("forged");
    }

    [Fact]
    public async Task Arguments_are_passed_verbatim()
    {
        var child = _scope.Start(new ProcessStartSpec
        {
            FileName = "/usr/bin/printf",
            Arguments = ["[%s]", "a b", "'quoted'", "$HOME", string.Empty, "ü"],
        });

        (await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync())).Should().Be("[a b]['quoted'][$HOME][][ü]");
    }

    [Fact]
    public async Task Working_directory_is_applied()
    {
        var directory = _scope.TempDirectory();
        var child = _scope.Start(new ProcessStartSpec { FileName = "/bin/pwd", WorkingDirectory = directory });

        (await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync())).Should().Be(directory + "\n");
    }

    [Fact]
    public async Task Relative_program_path_resolves_against_the_working_directory()
    {
        var directory = _scope.TempDirectory();
        var script = Path.Combine(directory, "run.sh");
        File.WriteAllText(script, "#!/bin/sh\nexit 42\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var child = _scope.Start(new ProcessStartSpec { FileName = "./run.sh", WorkingDirectory = directory, CaptureOutput = false });

        (await Await.Within(child.Exited)).ExitCode.Should().Be(42);
    }

    [Fact]
    public async Task Child_starts_with_no_ignored_or_blocked_signals()
    {
        // The runtime ignores SIGPIPE; a child that inherited that would spin on EPIPE instead of dying.
        var child = _scope.Start(new ProcessStartSpec { FileName = "/bin/grep", Arguments = ["-E", "^Sig(Ign|Blk)", "/proc/self/status"] });

        var output = await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync());
        var masks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l.Split(':')[0], l => Convert.ToUInt64(l.Split('\t')[1], 16));

        // Standard signals are 1..31; glibc's posix_spawn ignores its own internal real-time signals (32, 33).
        const ulong standardSignals = 0x7FFF_FFFF;
        (masks["SigBlk"] & standardSignals).Should().Be(0, "no standard signal is blocked in the child");
        (masks["SigIgn"] & standardSignals).Should().Be(0, "no standard signal (SIGPIPE!) is ignored in the child");
    }

    [Fact]
    public async Task Nice_is_applied_right_after_spawn()
    {
        var child = _scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], Nice = 7, CaptureOutput = false });

        var stat = await File.ReadAllTextAsync($"/proc/{child.Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        fields[19 - 3].Should().Be("7");
    }
}
