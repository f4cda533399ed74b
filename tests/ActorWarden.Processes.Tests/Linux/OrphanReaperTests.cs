using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class OrphanReaperTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Orphan_that_died_unseen_is_reaped_by_the_orphan_reaper()
    {
        var child = _scope.StartShell("sh -c 'echo $$; sleep 0.3' & exit 0");
        var orphan = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
        await Await.Within(child.Exited);
        await Await.Until(() => ProcessInfo.IsZombie(orphan), "orphan became a zombie child of the warden");
        ProcFs.ReadStat(orphan)!.Value.ParentPid.Should().Be(Environment.ProcessId);

        _scope.Launcher.ReapOrphans().Should().BeGreaterThanOrEqualTo(1);

        ProcFs.ReadStat(orphan).Should().BeNull("the zombie was reaped");
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
