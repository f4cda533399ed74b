using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>The sweep of what ended processes left behind, run when their instance is stopped.</summary>
public sealed class KillLeftoversTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Leftovers_of_every_ended_child_are_killed_and_a_live_sibling_is_left_alone()
    {
        var sibling = _scope.StartShell("sleep 100", capture: false);
        var ended = new List<IChildProcess>();
        var leftovers = new Dictionary<int, ulong>();
        for (var i = 0; i < 3; i++)
        {
            var child = _scope.StartShell("sleep 100 & echo $!; exit 0");
            var grandchild = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);
            leftovers[grandchild] = ProcessInfo.ReadStartTime(grandchild)!.Value;
            await Await.Within(child.Exited);
            ended.Add(child);
        }

        await Await.Until(() => leftovers.Keys.All(p => ProcFs.ReadStat(p)?.ParentPid == Environment.ProcessId), "leftovers re-parented to us");

        _scope.Launcher.KillLeftovers(ended);

        leftovers.Should().OnlyContain(p => Gone.Completely(p.Key, p.Value), "every leftover is killed and reaped");
        Gone.Alive(sibling.Pid).Should().BeTrue("a live service process is not a leftover");
        sibling.Exited.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task Ended_children_that_left_nothing_behind_cost_no_kill_and_spare_the_live_ones()
    {
        var live = Enumerable.Range(0, 5).Select(_ => _scope.StartShell("sleep 100", capture: false)).ToList();
        var ended = new List<IChildProcess>();
        for (var i = 0; i < 50; i++)
        {
            var child = _scope.StartShell("exit 3", capture: false);
            (await Await.Within(child.Exited)).ExitCode.Should().Be(3);
            ended.Add(child);
        }

        _scope.Launcher.KillLeftovers(ended);

        live.Should().OnlyContain(c => Gone.Alive(c.Pid) && !c.Exited.IsCompleted, "live service processes are never swept");
    }

    [Fact]
    public void An_empty_sweep_does_nothing()
    {
        var act = () => _scope.Launcher.KillLeftovers(Array.Empty<IChildProcess>());

        act.Should().NotThrow();
    }
}
