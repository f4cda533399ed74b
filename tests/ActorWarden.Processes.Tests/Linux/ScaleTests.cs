using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>
/// Counts threads and descriptors of the whole test process, so it runs alone: any test running
/// beside it would open and close its own and make the counts meaningless.
/// </summary>
[CollectionDefinition(nameof(ScaleTests), DisableParallelization = true)]
public sealed class ScaleTestsCollection
{
}

[Collection(nameof(ScaleTests))]
public sealed class ScaleTests(ITestOutputHelper output) : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Five_hundred_children_do_not_cost_five_hundred_threads()
    {
        WarmUp();
        var threadsBefore = ProcessInfo.CountThreads();
        var watchedBefore = PidfdExitWatcher.Instance.Pending;

        // These children have no descendants, so a SIGKILL each (in finally) cleans up without 500 tree scans.
        var children = new List<IChildProcess>();
        int threadsWhileRunning;
        ProcessExit[] exits;
        try
        {
            for (var i = 0; i < 500; i++)
            {
                children.Add(_scope.Launcher.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], CaptureOutput = false }));
            }

            threadsWhileRunning = ProcessInfo.CountThreads();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            _scope.Launcher.ReapOrphans().Should().Be(0);
            var reapCost = clock.Elapsed;
            clock.Restart();
            children[0].KillTree();
            output.WriteLine($"with 500 children: ReapOrphans {reapCost.TotalMilliseconds:0.0} ms, one KillTree {clock.Elapsed.TotalMilliseconds:0.0} ms");
        }
        finally
        {
            foreach (var child in children)
            {
                child.Signal(ProcessSignal.SIGKILL);
            }

            exits = await Await.Within(Task.WhenAll(children.Select(c => c.Exited)));
        }

        output.WriteLine($"threads: {threadsBefore} before, {threadsWhileRunning} with 500 children");
        (threadsWhileRunning - threadsBefore).Should().BeLessThan(10);
        exits.Should().OnlyContain(e => e.Signal == (int)ProcessSignal.SIGKILL);
        PidfdExitWatcher.Instance.Pending.Should().BeLessThanOrEqualTo(watchedBefore, "every registration is released once its exit is seen");
        children.Should().OnlyContain(c => !ProcessInfo.IsZombie(c.Pid) || ProcessInfo.ReadStartTime(c.Pid) != c.StartTime);
    }

    [Fact]
    public async Task Two_hundred_spawn_exit_cycles_leak_no_file_descriptors()
    {
        // The baseline is taken after one cycle of exactly what is counted, so that what is created once on
        // that path exists before it. CI saw 2 more after the cycles that did not go away within 10 s,
        // when the only warm-up had been a synchronous read of one stream; a leak grows with the cycles.
        await SpawnReadBothAndWait();
        var baseline = await OpenFds.Settled();
        var before = OpenFds.Targets();

        for (var i = 0; i < 200; i++)
        {
            await SpawnReadBothAndWait();
        }

        var after = await OpenFds.BackTo(baseline);
        output.WriteLine($"open fds: {baseline} before, {after} after 200 cycles");
        after.Should().Be(baseline, "no descriptor outlives its cycle; added since the baseline:\n{0}", OpenFds.Added(before, OpenFds.Targets()));
    }

    [Fact]
    public async Task Spawn_cost_is_reported()
    {
        WarmUp();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        const int count = 200;
        var children = new List<IChildProcess>();
        for (var i = 0; i < count; i++)
        {
            children.Add(_scope.Launcher.Start(new ProcessStartSpec { FileName = "/bin/true", CaptureOutput = false }));
        }

        var spawned = clock.Elapsed;
        await Await.Within(Task.WhenAll(children.Select(c => c.Exited)));
        output.WriteLine($"{count} spawns of /bin/true: {spawned.TotalMilliseconds / count:0.000} ms per spawn, all exits seen after {clock.Elapsed.TotalMilliseconds:0} ms");
        children.Should().OnlyContain(c => c.Exited.Result.ExitCode == 0);
    }

    private async Task SpawnReadBothAndWait()
    {
        using var child = _scope.Launcher.Start(ChildScope.Shell("echo out; echo err >&2"));
        var stdout = new StreamReader(child.StandardOutput!).ReadToEndAsync();
        var stderr = new StreamReader(child.StandardError!).ReadToEndAsync();
        (await Await.Within(stdout)).Should().Be("out\n");
        (await Await.Within(stderr)).Should().Be("err\n");
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    private void WarmUp()
    {
        // The first spawn creates the watcher thread, the epoll fd and the socket engine's threads.
        using var child = _scope.StartShell("echo warm");
        new StreamReader(child.StandardOutput!).ReadToEnd();
        child.Exited.Wait(Await.Timeout);
    }
}
