using System.Collections.Concurrent;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Hosting.Scheduling;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>
/// The warden's Akka scheduler: timers in due order, cancelled ones dropped, repeating ones on their rhythm,
/// no wake-up while nothing is due, and Akka's contract at shutdown. Run in an actor system configured the
/// way a warden's is (reference.conf's akka section).
/// </summary>
public sealed class TicklessSchedulerTests : IAsyncLifetime
{
    private ActorSystem _system = null!;

    private TicklessScheduler Scheduler => (TicklessScheduler)_system.Scheduler;

    public Task InitializeAsync()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("akka.loggers = []\nakka.loglevel = WARNING").WithFallback(WardenAkkaConfig.Defaults);
        _system = ActorSystem.Create("tickless", config);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public void A_warden_s_actor_system_runs_on_it()
    {
        _system.Scheduler.Should().BeOfType<TicklessScheduler>();
    }

    [Fact]
    public async Task Timers_fire_in_due_order_and_ties_in_scheduling_order()
    {
        var fired = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void At(int ms, string name) => _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(ms), () =>
        {
            fired.Enqueue(name);
            if (fired.Count == 5)
            {
                done.SetResult();
            }
        });

        At(300, "d");
        At(100, "a");
        At(200, "b");
        At(200, "c");
        At(400, "e");

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        fired.Should().Equal("a", "b", "c", "d", "e");
    }

    [Fact]
    public async Task A_timer_fires_when_it_is_due_not_at_a_tick_after()
    {
        var fired = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduledAt = Scheduler.HighResMonotonicClock;
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(50), () => fired.SetResult(Scheduler.HighResMonotonicClock));

        var at = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));

        (at - scheduledAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_cancelled_timer_never_runs()
    {
        var ran = 0;
        var cancelled = _system.Scheduler.Advanced.ScheduleOnceCancelable(TimeSpan.FromMilliseconds(100), () => Interlocked.Increment(ref ran));
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancelled.Cancel();
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(300), () => later.SetResult());

        await later.Task.WaitAsync(TimeSpan.FromSeconds(10));

        ran.Should().Be(0);
        Scheduler.PendingTimers.Should().Be(0, "the cancelled entry was dropped when it came due");
    }

    [Fact]
    public async Task A_repeating_timer_fires_until_cancelled()
    {
        var count = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = _system.Scheduler.Advanced.ScheduleRepeatedlyCancelable(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), () =>
        {
            if (Interlocked.Increment(ref count) == 3)
            {
                third.SetResult();
            }
        });

        await third.Task.WaitAsync(TimeSpan.FromSeconds(10));
        timer.Cancel();
        var afterCancel = Volatile.Read(ref count);
        await Task.Delay(200);

        Volatile.Read(ref count).Should().BeLessThanOrEqualTo(afterCancel + 1, "at most a firing already taken runs after the cancel");
    }

    [Fact]
    public async Task A_tell_scheduled_by_an_actor_timer_arrives()
    {
        var probe = _system.ActorOf(Props.Create(() => new TimerActor()), "timer-actor");

        var reply = await probe.Ask<string>("start", TimeSpan.FromSeconds(10));

        reply.Should().Be("tick");
    }

    [Fact]
    public async Task While_nothing_is_due_the_thread_does_not_wake()
    {
        var far = _system.Scheduler.Advanced.ScheduleOnceCancelable(TimeSpan.FromMinutes(10), () => { });
        await Task.Delay(100);
        var before = Scheduler.Wakeups;

        await Task.Delay(500);

        Scheduler.Wakeups.Should().Be(before, "the only timer is due in ten minutes; a ticking scheduler woke about 50 times meanwhile");
        far.Cancel();
    }

    [Fact]
    public async Task An_earlier_timer_wakes_a_thread_that_sleeps_until_a_later_one()
    {
        var far = _system.Scheduler.Advanced.ScheduleOnceCancelable(TimeSpan.FromMinutes(10), () => { });
        await Task.Delay(50);
        var near = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(20), () => near.SetResult());

        await near.Task.WaitAsync(TimeSpan.FromSeconds(10));
        far.Cancel();
    }

    [Fact]
    public async Task At_termination_waiting_timers_run_once_and_scheduling_afterwards_fails()
    {
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IScheduler scheduler = Scheduler;
        scheduler.Advanced.ScheduleOnce(TimeSpan.FromMinutes(10), () => ran.TrySetResult());

        await _system.Terminate();

        ran.Task.IsCompleted.Should().BeTrue("Akka's scheduler runs what is left when its system ends");
        var after = () => scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => { });
        after.Should().Throw<SchedulerException>();
    }

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        private IActorRef? _asker;

        public TimerActor()
        {
            Receive<string>(text => text == "start", _ =>
            {
                _asker = Sender;
                Timers.StartSingleTimer("once", "tick", TimeSpan.FromMilliseconds(30));
            });
            Receive<string>(text => text == "tick", text => _asker?.Tell(text));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
