using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class OrphanReaperTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Orphan_that_died_unseen_is_reaped_promptly_without_a_reaper_tick()
    {
        var child = _scope.StartShell("sh -c 'echo $$; sleep 0.3' & exit 0");
        var orphan = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
        var orphanStart = ProcessInfo.ReadStartTime(orphan)!.Value;
        await Await.Within(child.Exited);
        await Await.Until(() => ProcFs.ReadStat(orphan) is not { State: not 'Z' }, "orphan exited");

        await Await.Until(() => Gone.Completely(orphan, orphanStart), "zombie reaped on SIGCHLD, nobody called ReapOrphans", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Orphans_are_re_parented_to_the_main_thread_which_the_sigchld_pass_reads()
    {
        // Spawned from a test thread, not the main one: the child is that thread's, its orphan the main thread's.
        var child = await Task.Run(() => _scope.StartShell("sh -c 'echo $$; exec sleep 100' & exit 0"));
        var orphan = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
        await Await.Within(child.Exited);
        await Await.Until(() => ProcFs.ReadStat(orphan)?.ParentPid == Environment.ProcessId, "orphan re-parented to the warden");

        ProcFs.ListMainThreadChildren().Should().Contain(orphan);
        LibC.Kill(orphan, (int)ProcessSignal.SIGKILL);
    }

    [Fact]
    public async Task Zombie_of_a_daemon_that_made_its_own_session_and_wiped_its_environment_is_reaped()
    {
        using var escaper = new Escaper();
        var child = _scope.Start(escaper.Spec("daemons", "1"));
        var lines = await Await.Lines(child.StandardOutput!, 3);
        var daemon = int.Parse(lines[1]);
        var daemonStart = ProcessInfo.ReadStartTime(daemon)!.Value;
        await Await.Until(() => ProcFs.ReadStat(daemon)?.ParentPid == Environment.ProcessId, "daemon re-parented to the warden");
        ProcFs.ReadMarker(daemon).Should().BeNull();
        LibC.GetSid(daemon).Should().Be(ProcFs.ReadStat(daemon)!.Value.Session).And.NotBe(child.Pid);

        LibC.Kill(daemon, (int)ProcessSignal.SIGKILL);

        await Await.Until(() => Gone.Completely(daemon, daemonStart), "its zombie reaped, though neither its session nor a marker names a service", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_prune_forgets_the_sessions_no_process_uses_and_keeps_a_living_one()
    {
        using var spawnGuard = new ReaderWriterLockSlim();
        var reaper = new OrphanReaper(_ => false, spawnGuard, () => { });
        var leader = _scope.StartShell("exec sleep 100");
        await Await.Until(() => ProcFs.ReadStat(leader.Pid)?.Session == leader.Pid, "the child leads a session of its own");
        reaper.AddSession(leader.Pid, leader.StartTime);

        // Enough sessions of processes that are gone to set off a prune (pids no process has now).
        var unused = Enumerable.Range(1, 3_000_000).Select(i => 4_000_000 - i).Where(pid => !Directory.Exists($"/proc/{pid}")).Take(1023).ToList();
        foreach (var pid in unused)
        {
            reaper.AddSession(pid, 1);
        }

        await Await.Until(() => reaper.SessionCount == 1, "the prune forgot every session without a process");
        reaper.RemembersSession(leader.Pid).Should().BeTrue();
        reaper.RemembersSession(unused[0]).Should().BeFalse();
    }

    [Fact]
    public async Task Living_orphan_found_by_the_reaper_is_reaped_as_soon_as_it_exits()
    {
        var child = _scope.StartShell("sh -c 'echo $$; exec sleep 100' & exit 0");
        var orphan = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
        var orphanStart = ProcessInfo.ReadStartTime(orphan)!.Value;
        await Await.Within(child.Exited);
        await Await.Until(() => ProcFs.ReadStat(orphan)?.ParentPid == Environment.ProcessId, "orphan re-parented to the warden");

        _scope.Launcher.ReapOrphans();
        Gone.Alive(orphan).Should().BeTrue("a living orphan is left alone");
        LibC.Kill(orphan, (int)ProcessSignal.SIGKILL);

        await Await.Until(() => Gone.Completely(orphan, orphanStart), "orphan reaped by the exit watcher");
    }
}
