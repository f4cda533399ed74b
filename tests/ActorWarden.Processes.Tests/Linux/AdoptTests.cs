using System.Diagnostics;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class AdoptTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Adopted_process_exit_is_observed_without_stealing_its_status()
    {
        var elsewhere = _scope.Track(Process.Start(new ProcessStartInfo("/bin/sleep", ["100"]))!);
        var startTime = ProcessInfo.ReadStartTime(elsewhere.Id)!.Value;

        var adopted = _scope.Track(_scope.Launcher.Adopt(elsewhere.Id, startTime)!);
        adopted.Should().NotBeNull();
        adopted.Pid.Should().Be(elsewhere.Id);
        adopted.StandardOutput.Should().BeNull();
        adopted.Exited.IsCompleted.Should().BeFalse();

        adopted.Signal(ProcessSignal.SIGTERM);

        (await Await.Within(adopted.Exited)).Should().Be(ProcessExit.Unknown);
        await elsewhere.WaitForExitAsync().WaitAsync(Await.Timeout);
        elsewhere.ExitCode.Should().Be(128 + (int)ProcessSignal.SIGTERM, "the runtime still reaped its own child");
    }

    [Fact]
    public async Task Adopted_session_leader_from_a_previous_warden_is_tree_killed()
    {
        // A previous warden's service: a session leader with a grandchild, not a child of ours.
        var formerWarden = _scope.StartShell("setsid /bin/sh -c 'sleep 100 & echo $$; echo $!; wait' & wait");
        var lines = await Await.Lines(formerWarden.StandardOutput!, 2);
        var (leader, grandchild) = (int.Parse(lines[0]), int.Parse(lines[1]));
        var grandchildStart = ProcessInfo.ReadStartTime(grandchild)!.Value;

        var adopted = _scope.Track(_scope.Launcher.Adopt(leader, ProcessInfo.ReadStartTime(leader)!.Value)!);
        adopted.KillTree();

        (await Await.Within(adopted.Exited)).Should().Be(ProcessExit.Unknown);
        await Await.Until(() => Gone.Completely(grandchild, grandchildStart), "grandchild of the adopted leader gone");
    }

    [Fact]
    public void Adopt_checks_identity_before_watching()
    {
        var child = _scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], CaptureOutput = false });

        _scope.Launcher.Adopt(child.Pid, child.StartTime + 1).Should().BeNull("the start time does not match: the pid was reused");
        _scope.Launcher.Adopt(child.Pid, child.StartTime).Should().BeSameAs(child, "a process is watched once");
        _scope.Launcher.Adopt(int.MaxValue, 1).Should().BeNull();
        _scope.Launcher.Adopt(Environment.ProcessId, ProcessInfo.ReadStartTime(Environment.ProcessId)!.Value).Should().BeNull();
    }
}
