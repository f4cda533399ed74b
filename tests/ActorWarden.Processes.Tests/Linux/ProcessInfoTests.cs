using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class ProcessInfoTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Stat_is_parsed_after_the_last_parenthesis()
    {
        const string line = "4242 (we(ir) d) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200 18446744073709551615";

        var stat = ProcFs.ParseStat(4242, line);

        stat.Should().Be(new ProcFs.StatLine(4242, 'S', 1, 4242, 4242, 987654));
    }

    [Fact]
    public void Truncated_stat_is_rejected_rather_than_misread()
    {
        ProcFs.ParseStat(1, "1 (init) S 0 1").Should().BeNull();
        ProcFs.ParseStat(1, "garbage").Should().BeNull();
    }

    [Fact]
    public void Own_process_facts_are_readable()
    {
        var self = Environment.ProcessId;

        ProcessInfo.ReadStartTime(self).Should().BeGreaterThan(0);
        ProcessInfo.ReadRss(self).Should().BeGreaterThan(1024 * 1024);
        ProcessInfo.CountThreads().Should().BeGreaterThan(1);
        ProcessInfo.CountOpenFds().Should().BeGreaterThan(2);
        ProcessInfo.IsZombie(self).Should().BeFalse();
    }

    [Fact]
    public void Rss_is_the_resident_set_the_kernel_reports_in_status()
    {
        var self = Environment.ProcessId;
        static long StatusRss() => long.Parse(File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

        var before = StatusRss();
        var rss = ProcessInfo.ReadRss(self);
        var after = StatusRss();

        rss.Should().BeInRange(Math.Min(before, after) * 9 / 10, Math.Max(before, after) * 11 / 10);
    }

    [Fact]
    public void Missing_process_has_no_facts()
    {
        ProcessInfo.ReadStartTime(int.MaxValue).Should().BeNull();
        ProcessInfo.ReadRss(int.MaxValue).Should().BeNull();
        ProcessInfo.ReadTreeRss(int.MaxValue).Should().BeNull();
        ProcessInfo.Exists(int.MaxValue, 1).Should().BeFalse();
        ProcessInfo.ListDescendants(int.MaxValue).Should().BeEmpty();
    }

    [Fact]
    public async Task Tree_facts_cover_descendants_and_markers()
    {
        var child = _scope.StartShell("sleep 100 & echo $!; sleep 100 & echo $!; wait");
        var grandchildren = (await Await.Lines(child.StandardOutput!, 2)).Select(int.Parse).ToList();

        ProcessInfo.ListDescendants(child.Pid).Should().BeEquivalentTo(grandchildren);
        ProcessInfo.FindByMarker(ChildScope.Marker(child)).Should().BeEquivalentTo(grandchildren.Append(child.Pid));
        ProcessInfo.FindByMarker("not-a-marker").Should().BeEmpty();
        var own = ProcessInfo.ReadRss(child.Pid)!.Value;
        ProcessInfo.ReadTreeRss(child.Pid).Should().BeGreaterThan(own);
    }

    [Fact]
    public void Own_children_are_listed_whoever_started_them()
    {
        var ours = _scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], CaptureOutput = false });
        var theirs = _scope.Track(System.Diagnostics.Process.Start("/bin/sleep", "100"));

        ProcFs.ListOwnChildren().Should().Contain([ours.Pid, theirs.Id]);
    }

    [Fact]
    public async Task Zombie_is_recognised()
    {
        // The background shell exits only once its parent has become sleep, which never waits for children.
        // Exiting earlier would race the parent shell, which may reap it before the exec.
        var child = _scope.StartShell(
            "sh -c 'while [ \"$(cat /proc/$PPID/comm)\" != sleep ]; do sleep 0.01; done' & echo $!; exec sleep 100");
        var zombie = int.Parse((await Await.Lines(child.StandardOutput!, 1))[0]);

        await Await.Until(() => ProcessInfo.IsZombie(zombie), "exited grandchild whose parent never waits");
    }
}
