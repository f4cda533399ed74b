using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>
/// What a service finds when its program starts, whichever way it was spawned: posix_spawn (no
/// containment), the native spawner (cgroup v2 through clone3 and v1), and the shell gate.
/// </summary>
public sealed class ChildStartStateTests
{
    public static TheoryData<ContainmentSetting, SpawnPath> Ways => new()
    {
        { ContainmentSetting.Off, SpawnPath.Native },
        { ContainmentSetting.V2, SpawnPath.Native },
        { ContainmentSetting.V1, SpawnPath.Native },
        { ContainmentSetting.V2, SpawnPath.Gate },
    };

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task The_child_holds_only_null_stdin_and_its_two_capture_pipes(ContainmentSetting setting, SpawnPath path)
    {
        using var scope = new ContainedScope(setting, path: path);
        // The test host holds many descriptors, some inherited without close-on-exec from whatever started it.
        var child = scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], Environment = ChildScope.BasicEnvironment });

        await ProgramRuns(child);
        var fds = Directory.GetFiles($"/proc/{child.Pid}/fd").ToDictionary(fd => Path.GetFileName(fd), fd => new FileInfo(fd).LinkTarget);

        fds.Keys.Should().BeEquivalentTo(["0", "1", "2"]);
        fds["0"].Should().Be("/dev/null");
        fds["1"].Should().StartWith("pipe:");
        fds["2"].Should().StartWith("pipe:").And.NotBe(fds["1"], "stdout and stderr are captured apart");
        child.KillTree();
        await Await.Within(child.Exited);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task The_child_starts_with_no_signal_ignored_caught_or_blocked(ContainmentSetting setting, SpawnPath path)
    {
        using var scope = new ContainedScope(setting, path: path);
        var child = scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], Environment = ChildScope.BasicEnvironment, CaptureOutput = false });

        await ProgramRuns(child);
        var masks = (await File.ReadAllLinesAsync($"/proc/{child.Pid}/status"))
            .Where(l => l.StartsWith("SigIgn:", StringComparison.Ordinal) || l.StartsWith("SigCgt:", StringComparison.Ordinal) || l.StartsWith("SigBlk:", StringComparison.Ordinal))
            .ToDictionary(l => l.Split(':')[0], l => Convert.ToUInt64(l.Split('\t')[1], 16));

        // Standard signals are 1..31; glibc's posix_spawn ignores its own internal real-time signals (32, 33).
        const ulong standardSignals = 0x7FFF_FFFF;
        (masks["SigIgn"] & standardSignals).Should().Be(0, "the warden ignores SIGPIPE, SIGINT and SIGQUIT; its child must not");
        (masks["SigCgt"] & standardSignals).Should().Be(0, "sleep catches nothing itself");
        (masks["SigBlk"] & standardSignals).Should().Be(0);
        child.KillTree();
        await Await.Within(child.Exited);
    }

    /// <summary>
    /// Behind the gate, the pid is a shell until the warden releases it and it executes the program. Then the
    /// dynamic loader and libc's start open files of their own (the C library, the locale archive) for a moment,
    /// so the program counts as running once it sleeps in nanosleep, with all of that behind it.
    /// </summary>
    private static Task ProgramRuns(IChildProcess child) =>
        Eventually.True(
            () => new FileInfo($"/proc/{child.Pid}/exe").LinkTarget?.EndsWith("/sleep", StringComparison.Ordinal) == true
                && ReadOrEmpty($"/proc/{child.Pid}/wchan").Contains("nanosleep", StringComparison.Ordinal),
            "sleep runs and sleeps");

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
