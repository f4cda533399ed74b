using ActorWarden.Processes.Threading;

namespace ActorWarden.Processes.Tests.Threading;

/// <summary>
/// The per-thread slots of work readied by the thread's current work: kept and run in order on that thread,
/// a fan-out beyond the slots and a chain beyond the limit handed to the pool, nothing kept where no slot is open.
/// Each test runs on a thread of its own, so no slot outlives it.
/// </summary>
public sealed class RunNextTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_thread_without_open_slots_keeps_nothing()
    {
        OnOwnThread(() =>
        {
            RunNext.IsOpen.Should().BeFalse();
            RunNext.TryOffer(new Recorded(new List<string>(), "a")).Should().BeFalse();
        });
    }

    [Fact]
    public void Readied_work_runs_on_the_same_thread_in_the_order_it_was_readied_and_what_it_readies_runs_after_it()
    {
        OnOwnThread(() =>
        {
            var log = new List<string>();
            var me = Environment.CurrentManagedThreadId;
            var threads = new List<int>();
            RunNext.RunFrom(new Recorded(log, "first", () =>
            {
                RunNext.TryOffer(new Recorded(log, "second", () => RunNext.TryOffer(new Recorded(log, "fourth", () => threads.Add(Environment.CurrentManagedThreadId))).Should().BeTrue())).Should().BeTrue();
                RunNext.TryOffer(new Recorded(log, "third", () => threads.Add(Environment.CurrentManagedThreadId))).Should().BeTrue();
            }));

            log.Should().Equal("first", "second", "third", "fourth");
            threads.Should().Equal(me, me);
            RunNext.IsOpen.Should().BeFalse("RunFrom closes the slots it opened");
        });
    }

    [Fact]
    public void A_fan_out_beyond_the_slots_goes_to_the_pool()
    {
        using var poolRan = new CountdownEvent(2);
        OnOwnThread(() =>
        {
            var log = new List<string>();
            var me = Environment.CurrentManagedThreadId;
            var offered = new List<bool>();
            RunNext.RunFrom(new Recorded(log, "fan", () =>
            {
                for (var i = 0; i < 6; i++)
                {
                    var n = i;
                    var item = new Recorded(log, $"child-{n}", () =>
                    {
                        if (Environment.CurrentManagedThreadId != me)
                        {
                            poolRan.Signal();
                        }
                    });
                    var kept = RunNext.TryOffer(item);
                    offered.Add(kept);
                    if (!kept)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
                    }
                }
            }));

            offered.Should().Equal(true, true, true, true, false, false);
        });

        poolRan.Wait(Patience).Should().BeTrue("the two items beyond the four slots ran on pool threads");
    }

    [Fact]
    public void A_chain_that_never_ends_is_handed_to_the_pool_after_the_limit()
    {
        using var leftThread = new ManualResetEventSlim();
        var ranHere = 0;
        OnOwnThread(() =>
        {
            var me = Environment.CurrentManagedThreadId;
            var stop = false;
            Action? step = null;
            step = () =>
            {
                if (Environment.CurrentManagedThreadId != me)
                {
                    stop = true;
                    leftThread.Set();
                    return;
                }

                ranHere++;
                if (!stop)
                {
                    RunNext.TryOffer(new Recorded(new List<string>(), "step", step)).Should().BeTrue();
                }
            };

            RunNext.RunFrom(new Recorded(new List<string>(), "start", step));
        });

        leftThread.Wait(Patience).Should().BeTrue("what the limit cut off continued on the pool");
        ranHere.Should().Be(65, "the first run and the 64 readied after it, one by one, ran on the thread");
    }

    [Fact]
    public void A_sealed_thread_keeps_nothing_more_until_its_next_drain()
    {
        OnOwnThread(() =>
        {
            var log = new List<string>();
            RunNext.Open();
            RunNext.TryOffer(new Recorded(log, "first exit", () => RunNext.TryOffer(new Recorded(log, "its chain")).Should().BeTrue("the drain unsealed the slots"))).Should().BeTrue();
            RunNext.Seal();
            RunNext.TryOffer(new Recorded(log, "second exit")).Should().BeFalse("a batch's other exits go to the pool");
            RunNext.Drain(close: true);
            log.Should().Equal("first exit", "its chain");
        });
    }

    [Fact]
    public void Drain_keeps_a_thread_open_unless_asked_to_close()
    {
        OnOwnThread(() =>
        {
            var log = new List<string>();
            RunNext.Open();
            RunNext.TryOffer(new Recorded(log, "a")).Should().BeTrue();
            RunNext.Drain(close: false);
            RunNext.IsOpen.Should().BeTrue();
            RunNext.TryOffer(new Recorded(log, "b")).Should().BeTrue();
            RunNext.Drain(close: true);
            RunNext.IsOpen.Should().BeFalse();
            log.Should().Equal("a", "b");
        });
    }

    [Fact]
    public async Task Yield_continues_on_the_same_thread_after_its_work_when_a_slot_is_open_and_on_the_pool_otherwise()
    {
        var continuedOn = new TaskCompletionSource<(int Id, bool Pool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        var me = 0;
        OnOwnThread(() =>
        {
            me = Environment.CurrentManagedThreadId;
            RunNext.RunFrom(new Recorded(order, "actor", () =>
            {
                _ = Continue(order, continuedOn);
                order.Add("after the call");
            }));
        });

        (await continuedOn.Task.WaitAsync(Patience)).Should().Be((me, false));
        order.Should().Equal("actor", "after the call", "continued");

        var closed = new TaskCompletionSource<(int Id, bool Pool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        OnOwnThread(() => _ = Continue(new List<string>(), closed));
        (await closed.Task.WaitAsync(Patience)).Pool.Should().BeTrue("a thread without open slots hands the continuation to the pool");
    }

    private static async Task Continue(List<string> order, TaskCompletionSource<(int Id, bool Pool)> continued)
    {
        await RunNext.Yield();
        lock (order)
        {
            order.Add("continued");
        }

        continued.SetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
    }

    private static void OnOwnThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join(Patience).Should().BeTrue();
        if (failure is not null)
        {
            throw new Xunit.Sdk.XunitException($"on the test's thread: {failure}");
        }
    }

    private sealed class Recorded(List<string> log, string name, Action? then = null) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            lock (log)
            {
                log.Add(name);
            }

            then?.Invoke();
        }
    }
}
