using Akka.Actor;
using Akka.Dispatch;
using ActorWarden.Simulation.Tests.Support;

namespace ActorWarden.Simulation.Tests;

/// <summary>The scheduler alone: the timeline rules the old kernel's VirtualTimeScheduler pinned.</summary>
public sealed class VirtualTimeSchedulerTests
{
    private static readonly IActorRef NoSender = ActorRefs.NoSender!;

    [Fact]
    public void Timers_fire_in_due_order_then_in_scheduling_order()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        IScheduler akka = scheduler;
        akka.ScheduleTellOnce(TimeSpan.FromSeconds(2), log, "b", NoSender);
        akka.ScheduleTellOnce(TimeSpan.FromSeconds(1), log, "a", NoSender);
        akka.ScheduleTellOnce(TimeSpan.FromSeconds(2), log, "c", NoSender);

        scheduler.Advance(TimeSpan.FromSeconds(1));
        log.Messages.Should().Equal("a");
        scheduler.Advance(TimeSpan.FromSeconds(1));
        log.Messages.Should().Equal("a", "b", "c");
    }

    [Fact]
    public void During_a_timer_callback_the_clock_reads_the_timers_due_time_not_the_end_of_the_step()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        IScheduler akka = scheduler;
        akka.ScheduleTellOnce(TimeSpan.FromMilliseconds(1500), log, "tell", NoSender);
        akka.Advanced.ScheduleOnce(TimeSpan.FromMinutes(7), () => log.Tell("action", NoSender));

        scheduler.Advance(TimeSpan.FromHours(1));

        log.Timeline.Should().Equal((TimeSpan.FromMilliseconds(1500), "tell"), (TimeSpan.FromMinutes(7), "action"));
        scheduler.Monotonic.Should().Be(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Repeating_timers_fire_once_per_interval_until_cancelled()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        var timer = ((IScheduler)scheduler).ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), log, "tick", NoSender);

        scheduler.Advance(TimeSpan.FromSeconds(31));
        log.Timeline.Select(t => t.At.TotalSeconds).Should().Equal(1, 11, 21, 31);
        timer.Cancel();
        scheduler.Advance(TimeSpan.FromMinutes(5));

        log.Messages.Should().HaveCount(4);
        scheduler.PendingTimers.Should().Be(0, "a cancelled timer is dropped when it comes due");
    }

    [Fact]
    public void A_cancelled_timer_never_runs_whichever_overload_scheduled_it()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        IScheduler akka = scheduler;
        var cancelable = new Cancelable(akka);
        akka.ScheduleTellOnce(TimeSpan.FromSeconds(1), log, "tell", NoSender, cancelable);
        akka.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), log, "repeat", NoSender, cancelable);
        akka.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => log.Tell("action", NoSender), cancelable);
        akka.Advanced.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => log.Tell("action-repeat", NoSender), cancelable);
        akka.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), new Runnable(() => log.Tell("runnable", NoSender)), cancelable);
        akka.Advanced.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new Runnable(() => log.Tell("runnable-repeat", NoSender)), cancelable);
        var alsoCancelled = akka.ScheduleTellOnceCancelable(TimeSpan.FromSeconds(1), log, "tell-cancelable", NoSender);

        cancelable.Cancel();
        alsoCancelled.Cancel();
        scheduler.Advance(TimeSpan.FromMinutes(1));

        log.Messages.Should().BeEmpty();
    }

    [Fact]
    public void The_IRunnable_overloads_run_on_virtual_time()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        var advanced = ((IScheduler)scheduler).Advanced;
        advanced.ScheduleOnce(TimeSpan.FromSeconds(3), new Runnable(() => log.Tell("once", NoSender)));
        advanced.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), new Runnable(() => log.Tell("repeat", NoSender)));

        scheduler.Advance(TimeSpan.FromSeconds(5));

        log.Timeline.Should().Equal(
            (TimeSpan.FromSeconds(1), "repeat"),
            (TimeSpan.FromSeconds(3), "once"),
            (TimeSpan.FromSeconds(3), "repeat"),
            (TimeSpan.FromSeconds(5), "repeat"));
    }

    [Fact]
    public void The_clock_moves_only_when_driven_and_never_backwards()
    {
        var start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var scheduler = Schedulers.Create(start);
        IScheduler akka = scheduler;

        scheduler.UtcNow.Should().Be(start);
        akka.Now.Should().Be(start);
        scheduler.Advance(TimeSpan.FromHours(1));
        scheduler.UtcNow.Should().Be(start.AddHours(1));
        scheduler.Monotonic.Should().Be(TimeSpan.FromHours(1));
        akka.MonotonicClock.Should().Be(TimeSpan.FromHours(1));
        akka.HighResMonotonicClock.Should().Be(TimeSpan.FromHours(1));
        scheduler.AdvanceTo(start.AddHours(3));
        akka.Now.Should().Be(start.AddHours(3));
        scheduler.RunUntilIdle();
        scheduler.UtcNow.Should().Be(start.AddHours(3));

        var back = () => scheduler.AdvanceTo(start);
        back.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*backwards*");
        var negative = () => scheduler.Advance(TimeSpan.FromTicks(-1));
        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*backwards*");
    }

    [Fact]
    public void The_default_start_instant_is_2020_01_01_UTC()
    {
        Schedulers.Create().UtcNow.Should().Be(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_start_instant_comes_from_the_argument_or_else_from_the_applications_config()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("akka.scheduler.virtual-start = \"2024-05-01T12:00:00Z\"");
        using var fromConfig = VirtualTime.VirtualTimeSystem.Create("start-from-config", config);
        using var fromArgument = VirtualTime.VirtualTimeSystem.Create("start-from-argument", config, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        fromConfig.Time.UtcNow.Should().Be(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        fromArgument.System.Scheduler.Now.Should().Be(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Negative_delays_and_non_positive_intervals_are_rejected_by_every_overload()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        IScheduler akka = scheduler;

        var attempts = new Action[]
        {
            () => akka.ScheduleTellOnce(TimeSpan.FromSeconds(-1), log, "x", NoSender),
            () => akka.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, log, "x", NoSender),
            () => akka.Advanced.ScheduleOnce(TimeSpan.FromSeconds(-1), () => { }),
            () => akka.Advanced.ScheduleOnce(TimeSpan.FromSeconds(-1), new Runnable(() => { })),
            () => akka.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.Zero, new Runnable(() => { })),
        };

        attempts.Select(attempt => Record.Exception(attempt)?.GetType().Name).Should().AllBe(nameof(ArgumentOutOfRangeException));

        scheduler.PendingTimers.Should().Be(0);
    }

    [Fact]
    public void Driving_from_inside_a_timer_callback_is_refused()
    {
        var scheduler = Schedulers.Create();
        Exception? error = null;
        ((IScheduler)scheduler).Advanced.ScheduleOnce(TimeSpan.Zero, () => error = Record.Exception(() => scheduler.Advance(TimeSpan.FromSeconds(1))));

        scheduler.RunUntilIdle();

        error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("inside work it is running");
    }

    [Fact]
    public void A_failing_callback_does_not_stop_the_clock()
    {
        var scheduler = Schedulers.Create();
        var log = new Recorder(() => scheduler.Monotonic);
        var advanced = ((IScheduler)scheduler).Advanced;
        advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => throw new InvalidOperationException("boom"));
        advanced.ScheduleOnce(TimeSpan.FromSeconds(2), () => log.Tell("after", NoSender));

        scheduler.Advance(TimeSpan.FromSeconds(2));

        log.Messages.Should().Equal("after");
    }

    [Fact]
    public void A_malformed_start_instant_is_one_clear_configuration_error()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("akka.scheduler.virtual-start = \"first of May\"");

        var create = () => new VirtualTime.VirtualTimeScheduler(config, Akka.Event.NoLogger.Instance);

        create.Should().Throw<Akka.Configuration.ConfigurationException>().WithMessage("akka.scheduler.virtual-start: 'first of May' is not an ISO 8601 instant*");
    }

    private sealed class Runnable(Action action) : IRunnable
    {
        public void Run() => action();

        public void Execute() => action();
    }
}
