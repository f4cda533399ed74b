using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class TreeKillTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Grandchildren_of_an_exited_child_are_killed_and_reaped()
    {
        var child = _scope.StartShell("sleep 100 & echo $!; sleep 100 & echo $!; exit 0");
        var grandchildren = await Await.Lines(child.StandardOutput!, 2);
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
        var pids = grandchildren.Select(int.Parse).ToDictionary(p => p, p => ProcessInfo.ReadStartTime(p)!.Value);
        pids.Keys.Should().OnlyContain(p => Gone.Alive(p), "the grandchildren outlive their parent");
        pids.Keys.Should().OnlyContain(p => ProcFs.ReadStat(p)!.Value.ParentPid == Environment.ProcessId, "the warden is their subreaper");

        child.KillTree();

        pids.Should().OnlyContain(p => Gone.Completely(p.Key, p.Value), "killed and reaped, no zombie left");
    }

    [Fact]
    public async Task Daemon_that_left_the_session_is_killed_and_reaped()
    {
        // setsid + double fork: the daemon is in a new session, its parent is gone, it re-parents to us.
        var child = _scope.StartShell("setsid /bin/sh -c 'sleep 100 & echo $!' & wait; sleep 100");
        var daemon = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
        var daemonStart = ProcessInfo.ReadStartTime(daemon)!.Value;
        await Await.Until(() => ProcFs.ReadStat(daemon)?.ParentPid == Environment.ProcessId, "daemon re-parented to the warden");
        LibC.GetSid(daemon).Should().NotBe(child.Pid, "the daemon escaped the child's session");

        child.KillTree();

        Gone.Completely(daemon, daemonStart).Should().BeTrue("the escaped daemon is killed and reaped");
        (await Await.Within(child.Exited)).Signal.Should().Be((int)ProcessSignal.SIGKILL);
        await Await.Until(() => !ProcessInfo.IsZombie(child.Pid) && ProcessInfo.ReadStartTime(child.Pid) != child.StartTime, "leader reaped");
    }

    [Fact]
    public async Task Without_a_cgroup_the_tree_is_stopped_before_the_leader_dies_so_a_child_that_hid_its_session_and_marker_is_still_found()
    {
        // The child left the leader's session and wiped its environment: only its parent links it to
        // the tree. Killing the leader first re-parented it to the warden before the walk reached it.
        using var escaper = new Escaper();
        var child = _scope.Start(escaper.Spec("daemons", "0"));
        var lines = await Await.Lines(child.StandardOutput!, 2);
        var hidden = int.Parse(lines[0]);
        var hiddenStart = ProcessInfo.ReadStartTime(hidden)!.Value;
        ProcFs.ReadStat(hidden)!.Value.ParentPid.Should().Be(child.Pid);
        ProcFs.ReadMarker(hidden).Should().BeNull();
        LibC.GetSid(hidden).Should().Be(hidden);
        child.Containment.Should().Be(ContainmentMode.None);

        try
        {
            child.KillTree();

            Gone.Completely(hidden, hiddenStart).Should().BeTrue("found as the stopped leader's child, killed and reaped");
        }
        finally
        {
            LibC.Kill(hidden, (int)ProcessSignal.SIGKILL);
        }
    }

    [Fact]
    public async Task Deep_tree_is_killed_in_one_call()
    {
        var child = _scope.StartShell("sh -c 'sh -c \"sleep 100 & echo \\$!; wait\" & wait' & wait");
        var deepest = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
        var deepestStart = ProcessInfo.ReadStartTime(deepest)!.Value;
        var tree = ProcessInfo.ListDescendants(child.Pid).ToDictionary(p => p, p => ProcessInfo.ReadStartTime(p) ?? 0);
        tree.Should().ContainKey(deepest);
        tree.Count.Should().BeGreaterThanOrEqualTo(3);

        child.KillTree();

        await Await.Within(child.Exited);
        Gone.Completely(deepest, deepestStart).Should().BeTrue();
        tree.Should().OnlyContain(p => Gone.Completely(p.Key, p.Value));
    }

    [Fact]
    public async Task Kill_tree_spares_unrelated_processes()
    {
        var victim = _scope.StartShell("sleep 100 & wait", capture: false);
        var bystander = _scope.StartShell("sleep 100 & wait", capture: false);
        await Await.Until(() => ProcessInfo.ListDescendants(bystander.Pid).Count == 1, "bystander's grandchild started");

        victim.KillTree();

        await Await.Within(victim.Exited);
        bystander.Exited.IsCompleted.Should().BeFalse();
        ProcessInfo.ListDescendants(bystander.Pid).Should().HaveCount(1);
    }
}
