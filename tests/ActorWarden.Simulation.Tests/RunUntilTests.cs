using ActorWarden.Simulation.Tests.Support;
using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Simulation.Tests;

/// <summary>Blocks every thread-pool thread on purpose, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(StarvesTheThreadPool), DisableParallelization = true)]
public sealed class StarvesTheThreadPool;

/// <summary>
/// <see cref="VirtualTimeSystem.RunUntil"/> under a starved thread pool, as at the start of a parallel
/// test run: a clean CI run once failed because the clock ran through a 20 s limit in 1 s of real time
/// while the continuation that would end the wait sat in the pool's queue.
/// </summary>
[Collection(nameof(StarvesTheThreadPool))]
public sealed class RunUntilTests
{
    [Fact]
    public async Task A_starved_thread_pool_holds_the_clock_back_instead_of_using_up_the_virtual_limit()
    {
        using var sim = VirtualTimeSystem.Create("starved-pool", Quiet.Config);
        using var release = new ManualResetEventSlim();
        ThreadPool.GetMinThreads(out var minimum, out _);
        var blockers = Enumerable.Range(0, (minimum * 4) + 8).Select(_ => Queue(release.Wait)).ToArray();
        try
        {
            var work = Queue(() => { });
            var releaser = new Thread(() =>
            {
                Thread.Sleep(1500);
                release.Set();
            }) { IsBackground = true };
            releaser.Start();
            var start = sim.Time.Monotonic;

            sim.RunUntil(work, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

            work.IsCompletedSuccessfully.Should().BeTrue();
            (sim.Time.Monotonic - start).Should().BeLessThan(TimeSpan.FromSeconds(1), "the queued work ran before the clock moved through the limit");
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blockers);
        }
    }

    /// <summary>Queues to the pool's global queue, in order, as continuations from other threads are.</summary>
    private static Task Queue(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.UnsafeQueueUserWorkItem(
            state =>
            {
                action();
                state.SetResult();
            },
            done,
            preferLocal: false);
        return done.Task;
    }
}
