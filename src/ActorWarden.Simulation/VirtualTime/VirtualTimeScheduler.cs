using System.Globalization;
using ActorWarden.Supervision.Hosting.Scheduling;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// Akka.NET scheduler whose clock only moves when driven, installed through <c>akka.scheduler.implementation</c>
/// (see <see cref="VirtualTimeConfig"/>). Akka's <c>TestScheduler</c> quantises the timeline to the step size,
/// keeps a real monotonic clock and runs cancelled work; this one fires timers in due order, ties in scheduling
/// order, with the clock set to each timer's due time, so the result does not depend on how time is advanced.
/// Together with <see cref="FifoDispatcher"/> it also owns the system's run queue: actors run only inside
/// <see cref="Advance"/>, <see cref="AdvanceTo"/> and <see cref="RunUntilIdle"/>, on the driving thread, FIFO.
/// </summary>
public sealed class VirtualTimeScheduler : TimerQueueScheduler, IDisposable
{
    /// <summary>Config key of the start instant (ISO 8601).</summary>
    public const string StartKey = "akka.scheduler.virtual-start";

    /// <summary>Default start instant, fixed so that timelines are reproducible.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly TimerHeap _timers = new();
    private readonly DateTimeOffset _start;
    private long _nowTicks;
    private long _sequence;
    private int _drivingThread;
    private int _loggersStarting;
    private bool _disposed;

    /// <summary>The constructor Akka calls (by reflection) when it reads <c>akka.scheduler.implementation</c>.</summary>
    public VirtualTimeScheduler(AkkaConfig scheduler, ILoggingAdapter log)
        : base(scheduler, log)
    {
        _start = ReadStart(scheduler);
        _loggersStarting = CountLoggerActors(scheduler);
    }

    /// <summary>The virtual wall clock: start instant plus <see cref="Monotonic"/>.</summary>
    public DateTimeOffset UtcNow => _start + Monotonic;

    /// <summary>Virtual time elapsed since the start instant.</summary>
    public TimeSpan Monotonic => TimeSpan.FromTicks(Volatile.Read(ref _nowTicks));

    /// <inheritdoc />
    public override TimeSpan MonotonicClock => Monotonic;

    /// <inheritdoc />
    public override TimeSpan HighResMonotonicClock => Monotonic;

    /// <summary>Timers waiting, including cancelled ones not yet reached (they are dropped when they come due).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Mailbox runs posted by <see cref="FifoDispatcher"/>; also read by <see cref="VirtualTimeSystem"/> to wait for outside work.</summary>
    internal RunQueue RunQueue { get; } = new();

    /// <summary>
    /// Queues a mailbox run. While <c>ActorSystem.Create</c> is starting the logger actors it blocks until each has
    /// answered <c>InitializeLogger</c>, and that answer needs the system guardian to run; so until the last logger
    /// has answered (or someone drives the clock), the posting thread drains the queue itself, FIFO. No user actor
    /// exists yet at that point.
    /// </summary>
    internal void Post(IRunnable work)
    {
        RunQueue.Post(work, byDriver: Volatile.Read(ref _drivingThread) == Environment.CurrentManagedThreadId);
        if (Volatile.Read(ref _loggersStarting) > 0)
        {
            DrainWhileLoggersStart();
        }
    }

    /// <summary>Called by <see cref="LoggerDispatcher"/> once a logger actor has handled <c>InitializeLogger</c>.</summary>
    internal void LoggerStarted() => Interlocked.Decrement(ref _loggersStarting);

    /// <inheritdoc />
    protected override DateTimeOffset TimeNow => UtcNow;

    /// <summary>Moves the clock forward by <paramref name="by"/>, running every timer due on the way and the actor work each one causes.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "Virtual time cannot go backwards.");
        }

        RunTo(Volatile.Read(ref _nowTicks) + by.Ticks);
    }

    /// <summary>Moves the clock forward to <paramref name="when"/> (wall-clock form of <see cref="Advance"/>).</summary>
    public void AdvanceTo(DateTimeOffset when)
    {
        var target = (when - _start).Ticks;
        if (target < Volatile.Read(ref _nowTicks))
        {
            throw new ArgumentOutOfRangeException(nameof(when), when, $"Virtual time cannot go backwards (now {UtcNow:O}).");
        }

        RunTo(target);
    }

    /// <summary>Runs queued actor work and timers already due, without moving the clock.</summary>
    public void RunUntilIdle() => RunTo(Volatile.Read(ref _nowTicks));

    /// <summary>Akka stops the scheduler when the system terminates; later scheduling fails as with Akka's own scheduler.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timers.Clear();
        }
    }

    private static DateTimeOffset ReadStart(AkkaConfig config)
    {
        var text = config.HasPath(StartKey) ? config.GetString(StartKey) : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultStart;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            throw new ConfigurationException($"{StartKey}: '{text}' is not an ISO 8601 instant (e.g. 2020-01-01T00:00:00Z).");
        }

        return start.ToUniversalTime();
    }

    /// <summary>Logger actors Akka starts and waits for (the minimal, non-actor loggers are not waited for).</summary>
    private static int CountLoggerActors(AkkaConfig config) =>
        config.GetStringList("akka.loggers", [])
            .Select(name => Type.GetType(name))
            .Count(type => type is null || !typeof(MinimalLogger).IsAssignableFrom(type));

    private void DrainWhileLoggersStart()
    {
        if (Interlocked.CompareExchange(ref _drivingThread, Environment.CurrentManagedThreadId, 0) != 0)
        {
            return;
        }

        try
        {
            DrainRunQueue();
        }
        finally
        {
            Volatile.Write(ref _drivingThread, 0);
        }
    }

    private protected override void Add(TimeSpan delay, ScheduledTimer timer)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new SchedulerException("The virtual-time scheduler has been stopped with its actor system.");
            }

            Enqueue(timer, _nowTicks + delay.Ticks);
        }
    }

    private void Enqueue(ScheduledTimer timer, long dueTicks) => _timers.Push(new TimerHeap.Entry(dueTicks, _sequence++, timer));

    private void RunTo(long targetTicks)
    {
        var me = Environment.CurrentManagedThreadId;
        var driver = Interlocked.CompareExchange(ref _drivingThread, me, 0);
        if (driver != 0)
        {
            throw new InvalidOperationException(driver == me
                ? "Virtual time cannot be driven from inside work it is running (an actor or a timer callback)."
                : "Virtual time is already being driven by another thread; drive it from one thread.");
        }

        Volatile.Write(ref _loggersStarting, 0);
        try
        {
            while (true)
            {
                DrainRunQueue();
                if (!TryTakeDue(targetTicks, out var timer))
                {
                    if (RunQueue.IsEmpty)
                    {
                        break;
                    }

                    continue;
                }

                FireTimer(timer);
            }

            Volatile.Write(ref _nowTicks, Math.Max(targetTicks, Volatile.Read(ref _nowTicks)));
        }
        finally
        {
            Volatile.Write(ref _drivingThread, 0);
        }
    }

    /// <summary>Takes the next live timer due by <paramref name="targetTicks"/>, moving the clock to its due time and re-queuing it if it repeats.</summary>
    private bool TryTakeDue(long targetTicks, out ScheduledTimer timer)
    {
        lock (_gate)
        {
            while (_timers.Count > 0 && _timers.Min.Due <= targetTicks)
            {
                var (due, _, next) = _timers.Min;
                if (next.IsCancelled)
                {
                    _timers.Pop();
                    continue;
                }

                if (due > _nowTicks)
                {
                    Volatile.Write(ref _nowTicks, due);
                }

                // A repeating timer takes its own place again with its next due time: one sift instead of two
                // (a health check every 5 s is 1.7 M firings in a simulated day of 100 services).
                if (next.IsRepeating)
                {
                    _timers.ReplaceMin(new TimerHeap.Entry(due + next.Interval.Ticks, _sequence++, next));
                }
                else
                {
                    _timers.Pop();
                }

                timer = next;
                return true;
            }
        }

        timer = null!;
        return false;
    }

    private void FireTimer(ScheduledTimer timer)
    {
        try
        {
            timer.Fire();
        }
        catch (Exception ex)
        {
            // As Akka's HashedWheelTimerScheduler does: one failing callback must not stop the clock.
            Log.Error(ex, "A scheduled task failed at virtual time {0}", UtcNow);
        }
    }

    private void DrainRunQueue()
    {
        while (RunQueue.TryTake(out var work))
        {
            work.Run();
        }
    }
}
