using ActorWarden.Actors.Tests.Support;

namespace ActorWarden.Actors.Tests;

public sealed class VirtualTimeSchedulerTests
{
    [Fact]
    public void Timers_fire_in_due_order_then_in_scheduling_order()
    {
        var scheduler = new VirtualTimeScheduler();
        var log = new CollectingRef();
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), log, "b", null);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), log, "a", null);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), log, "c", null);

        scheduler.Advance(TimeSpan.FromSeconds(1));
        log.Messages.Should().Equal("a");
        scheduler.Advance(TimeSpan.FromSeconds(1));
        log.Messages.Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Repeating_timers_fire_once_per_interval_until_cancelled()
    {
        var scheduler = new VirtualTimeScheduler();
        var log = new CollectingRef();
        var timer = scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), log, "tick", null);

        scheduler.Advance(TimeSpan.FromSeconds(31));
        log.Messages.Should().HaveCount(4);
        timer.Cancel();
        scheduler.Advance(TimeSpan.FromMinutes(5));

        log.Messages.Should().HaveCount(4);
        timer.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public void Clock_moves_only_when_advanced_and_never_backwards()
    {
        var start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var scheduler = new VirtualTimeScheduler(start);

        scheduler.Advance(TimeSpan.FromHours(1));
        scheduler.UtcNow.Should().Be(start.AddHours(1));
        scheduler.Monotonic.Should().Be(TimeSpan.FromHours(1));
        scheduler.AdvanceTo(start.AddHours(3));
        scheduler.UtcNow.Should().Be(start.AddHours(3));

        var back = () => scheduler.AdvanceTo(start);
        back.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*backwards*");
    }

    [Fact]
    public void During_a_timer_callback_the_clock_reads_the_timers_due_time()
    {
        var scheduler = new VirtualTimeScheduler();
        var seen = TimeSpan.Zero;
        scheduler.ScheduleOnce(TimeSpan.FromMinutes(7), () => seen = scheduler.Monotonic);

        scheduler.Advance(TimeSpan.FromHours(1));

        seen.Should().Be(TimeSpan.FromMinutes(7));
    }

    [Fact]
    public void Negative_delays_and_non_positive_intervals_are_rejected()
    {
        var scheduler = new VirtualTimeScheduler();
        var log = new CollectingRef();

        var negative = () => scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(-1), log, "x", null);
        var zeroInterval = () => scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, log, "x", null);

        negative.Should().Throw<ArgumentOutOfRangeException>();
        zeroInterval.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*positive interval*");
    }

    [Fact]
    public void Advancing_from_inside_a_callback_is_refused()
    {
        var scheduler = new VirtualTimeScheduler();
        Exception? error = null;
        scheduler.ScheduleOnce(TimeSpan.Zero, () =>
        {
            try
            {
                scheduler.Advance(TimeSpan.FromSeconds(1));
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }
        });

        scheduler.RunUntilIdle();

        error.Should().NotBeNull();
    }
}

public sealed class RealTimeSchedulerTests
{
    [Fact]
    public async Task A_one_shot_tell_arrives_after_its_delay()
    {
        using var scheduler = new RealTimeScheduler();
        var arrived = new TaskCompletionSource<TimeSpan>();
        var started = scheduler.Monotonic;
        var target = new CallbackRef(() => arrived.TrySetResult(scheduler.Monotonic - started));

        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), target, "x", null);

        var elapsed = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(49));
    }

    [Fact]
    public async Task A_cancelled_timer_never_fires()
    {
        using var scheduler = new RealTimeScheduler();
        var fired = 0;
        var target = new CallbackRef(() => Interlocked.Increment(ref fired));
        var later = new TaskCompletionSource();

        // Generous delays: cancelling must win even if the test thread is descheduled for a while.
        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(300), target, "x", null).Cancel();
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(400), () => later.TrySetResult());

        await later.Task.WaitAsync(TimeSpan.FromSeconds(5));
        fired.Should().Be(0);
    }

    [Fact]
    public async Task Repeated_tells_keep_coming_until_cancelled()
    {
        using var scheduler = new RealTimeScheduler();
        var count = 0;
        var three = new TaskCompletionSource();
        var target = new CallbackRef(() =>
        {
            if (Interlocked.Increment(ref count) == 3)
            {
                three.TrySetResult();
            }
        });

        var timer = scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), target, "tick", null);
        await three.Task.WaitAsync(TimeSpan.FromSeconds(5));
        timer.Cancel();
        var settled = Volatile.Read(ref count);
        var idle = new TaskCompletionSource();
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(100), () => idle.TrySetResult());
        await idle.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Volatile.Read(ref count).Should().BeLessThanOrEqualTo(settled + 1);
    }

    [Fact]
    public async Task Many_tells_share_one_timer_thread_and_arrive_in_due_order()
    {
        using var scheduler = new RealTimeScheduler();
        var fired = new List<int>();
        var windows = new (TimeSpan Earliest, TimeSpan Latest)[10];
        var done = new TaskCompletionSource();
        for (var i = 9; i >= 0; i--)
        {
            var n = i;
            var target = new CallbackRef(() =>
            {
                lock (fired)
                {
                    fired.Add(n);
                    if (fired.Count == 10)
                    {
                        done.TrySetResult();
                    }
                }
            });
            var delay = TimeSpan.FromMilliseconds(10 + (n * 15));
            var before = scheduler.Monotonic;
            scheduler.ScheduleTellOnce(delay, target, n, null);
            windows[n] = (before + delay, scheduler.Monotonic + delay);
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));

        // The exact due time lies inside each window (the test thread may be descheduled while scheduling);
        // a timer may only fire before another if it could have been due no later than the other.
        for (var a = 0; a < fired.Count; a++)
        {
            for (var b = a + 1; b < fired.Count; b++)
            {
                windows[fired[a]].Earliest.Should().BeLessThanOrEqualTo(windows[fired[b]].Latest, $"timer {fired[a]} fired before timer {fired[b]}");
            }
        }
    }

    private sealed class CallbackRef(Action onTell) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Root / "callback";

        public void Tell(object message, IActorRef? sender = null) => onTell();

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public int CompareTo(IActorRef? other) => 0;
    }
}
