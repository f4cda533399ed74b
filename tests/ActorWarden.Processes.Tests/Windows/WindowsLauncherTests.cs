using ActorWarden.Processes.Tests.Support;
using ActorWarden.Processes.Windows;

namespace ActorWarden.Processes.Tests.Windows;

/// <summary>The Windows launcher's sequencing and bookkeeping, driven through the fake Win32 API on any OS.</summary>
public sealed class WindowsLauncherTests
{
    private static readonly string ExistingProgram = typeof(WindowsLauncherTests).Assembly.Location;

    private readonly FakeWin32ProcessApi _api = new();

    [Fact]
    public void Child_is_created_suspended_put_in_its_job_and_only_then_resumed()
    {
        var child = Launcher().Start(Spec());

        _api.Calls.Should().ContainInOrder(
            "CreateKillOnCloseJob",
            "OpenNullDevice(read)",
            "CreateOutputPipe",
            "CreateOutputPipe",
            "CreateSuspendedProcess",
            "AssignToJob",
            "ResumeThread");
        child.StandardOutput.Should().NotBeNull();
        child.StandardError.Should().NotBeNull();
        _api.OpenHandles.Should().HaveCount(2, "only the job and the process handle stay open; thread and child pipe ends are closed");
    }

    [Fact]
    public void Request_carries_quoted_command_line_sorted_environment_and_priority()
    {
        Launcher().Start(Spec() with
        {
            Arguments = ["a b", "plain"],
            Environment = new Dictionary<string, string> { ["Zed"] = "1", ["alpha"] = "2" },
            Nice = 10,
        });

        var request = _api.LastRequest!;
        request.ApplicationName.Should().Be(ExistingProgram);
        request.CommandLine.Should().Be($"\"{ExistingProgram}\" \"a b\" plain");
        request.EnvironmentBlock.Should().Be("alpha=2\0Zed=1\0\0");
        request.PriorityClass.Should().Be(0x4000u, "BELOW_NORMAL_PRIORITY_CLASS");
    }

    [Fact]
    public void Without_capture_output_goes_to_the_null_device()
    {
        var child = Launcher().Start(Spec() with { CaptureOutput = false });

        child.StandardOutput.Should().BeNull();
        _api.Calls.Should().NotContain("CreateOutputPipe");
        _api.Calls.Count(c => c == "OpenNullDevice(write)").Should().Be(2);
    }

    [Fact]
    public async Task Exit_is_reported_through_a_thread_pool_wait()
    {
        var child = Launcher().Start(Spec());

        _api.Exit(_api.ProcessOf(child.Pid), 3);

        (await Await.Within(child.Exited)).Should().Be(new ProcessExit(3, null, false));
    }

    [Fact]
    public async Task Two_hundred_children_wait_without_a_thread_each()
    {
        var launcher = Launcher();
        var threadsBefore = ProcessInfo.CountThreads();
        var children = Enumerable.Range(0, 200).Select(_ => launcher.Start(Spec() with { CaptureOutput = false })).ToList();

        (ProcessInfo.CountThreads() - threadsBefore).Should().BeLessThan(20);
        foreach (var child in children)
        {
            _api.Exit(_api.ProcessOf(child.Pid), 0);
        }

        (await Await.Within(Task.WhenAll(children.Select(c => c.Exited)))).Should().OnlyContain(e => e.ExitCode == 0);
    }

    [Fact]
    public async Task Killed_child_reports_sigkill_like_on_linux()
    {
        var child = Launcher().Start(Spec());

        child.Signal(ProcessSignal.SIGKILL);

        (await Await.Within(child.Exited)).Should().Be(new ProcessExit(null, (int)ProcessSignal.SIGKILL, false));
    }

    [Fact]
    public async Task Natural_exit_code_137_is_not_mistaken_for_a_kill()
    {
        var child = Launcher().Start(Spec());

        _api.Exit(_api.ProcessOf(child.Pid), 137);

        (await Await.Within(child.Exited)).Should().Be(new ProcessExit(137, null, false));
    }

    [Fact]
    public async Task Kill_tree_after_the_leader_exited_still_terminates_the_job()
    {
        var child = Launcher().Start(Spec());
        _api.Exit(_api.ProcessOf(child.Pid), 0);
        await Await.Within(child.Exited);

        child.KillTree();

        _api.Calls.Should().Contain($"TerminateJob({StopLadder.KilledExitCode})", "descendants may still live in the job");
    }

    [Fact]
    public async Task Dispose_after_exit_releases_every_handle()
    {
        var child = Launcher().Start(Spec());
        _api.Exit(_api.ProcessOf(child.Pid), 0);
        await Await.Within(child.Exited);

        child.Dispose();

        _api.OpenHandles.Should().BeEmpty();
    }

    [Fact]
    public void Job_assignment_failure_terminates_the_suspended_process_and_releases_everything()
    {
        _api.AssignSucceeds = false;

        var start = () => Launcher().Start(Spec());

        start.Should().Throw<ProcessStartException>().WithMessage($"cannot start '{ExistingProgram}': cannot put the process in a job object (error 5)");
        _api.Calls.Should().NotContain("ResumeThread");
        _api.Calls.Should().Contain($"TerminateProcess({StopLadder.KilledExitCode})");
        _api.OpenHandles.Should().BeEmpty();
    }

    [Theory]
    [InlineData(2, "no such file or directory")]
    [InlineData(5, "permission denied (not executable)")]
    [InlineData(193, "not a valid Windows program (exec format error)")]
    public void Create_process_errors_are_phrased_in_one_line(int error, string reason)
    {
        _api.CreateProcessError = error;

        var start = () => Launcher().Start(Spec());

        start.Should().Throw<ProcessStartException>().WithMessage($"cannot start '{ExistingProgram}': {reason}");
        _api.OpenHandles.Should().BeEmpty();
    }

    [Fact]
    public void Missing_program_and_working_directory_are_caught_before_create_process()
    {
        var missing = Path.Combine(Path.GetTempPath(), "aw-" + Guid.NewGuid().ToString("N"));

        Launcher().Invoking(l => l.Start(Spec() with { FileName = missing }))
            .Should().Throw<ProcessStartException>().WithMessage($"cannot start '{missing}': no such file or directory");
        Launcher().Invoking(l => l.Start(Spec() with { WorkingDirectory = missing }))
            .Should().Throw<ProcessStartException>().WithMessage($"*working directory '{missing}' does not exist");
        _api.Calls.Should().NotContain("CreateSuspendedProcess");
    }

    [Fact]
    public void Run_as_is_refused_on_windows()
    {
        Launcher().Invoking(l => l.Start(Spec() with { User = "svc" }))
            .Should().Throw<ProcessStartException>().WithMessage("*not supported on Windows*");
    }

    [Fact]
    public async Task Adopted_process_is_watched_and_killed_as_a_tree()
    {
        _api.Descendants.Add(77);
        var launcher = Launcher();
        const ulong startTime = 1555;

        launcher.Adopt(555, startTime + 1).Should().BeNull("the start time belongs to another process");
        var adopted = launcher.Adopt(555, startTime)!;
        adopted.KillTree();

        _api.Calls.Should().Contain("TerminateProcessById(77, 137)");
        (await Await.Within(adopted.Exited)).Signal.Should().Be((int)ProcessSignal.SIGKILL);
    }

    [Fact]
    public void Orphan_reaping_has_nothing_to_do_on_windows()
    {
        Launcher().ReapOrphans().Should().Be(0);
    }

    private WindowsProcessLauncher Launcher() => new(_api);

    private static ProcessStartSpec Spec() => new() { FileName = ExistingProgram };
}
