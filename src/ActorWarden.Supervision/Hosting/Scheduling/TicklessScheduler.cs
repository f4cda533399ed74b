using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Supervision.Hosting.Scheduling;

/// <summary>
/// The warden's Akka scheduler (<c>akka.scheduler.implementation</c> in reference.conf): one thread that
/// sleeps until the earliest timer is due, instead of Akka's hashed wheel, which wakes every
/// <c>tick-duration</c> (10 ms) whether anything is due or not. An idle farm of 1,000 sleepers spent about
/// 1 % of a core on those ticks alone (benchmarks/README.md), and a timer fires when it is due, not at the
/// next tick after. Timers are kept in due order, ties in scheduling order; a cancelled one is dropped when
/// it comes due. Scheduled work runs on this thread, outside the lock, as the wheel ran it on its own.
/// </summary>
public sealed class TicklessScheduler : TimerQueueScheduler, IDateTimeOffsetNowTimeProvider, IDisposable
{
    /// <summary>Name of the scheduler's thread, as the per-thread CPU reports show it.</summary>
    public const string ThreadName = "warden-scheduler";

    private readonly object _gate = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly TimerHeap _timers = new();
    private readonly Thread _thread;
    private readonly TimeSpan _shutdownTimeout;
    private long _sequence;
    private bool _started;
    private bool _stopped;
    private long _wakeups;

    /// <summary>The constructor Akka calls (by reflection) when it reads <c>akka.scheduler.implementation</c>.</summary>
    public TicklessScheduler(AkkaConfig scheduler, ILoggingAdapter log)
        : base(scheduler, log)
    {
        _shutdownTimeout = scheduler.GetTimeSpan("akka.scheduler.shutdown-timeout", TimeSpan.FromSeconds(5));
        _thread = new Thread(Run) { IsBackground = true, Name = ThreadName };
    }

    /// <inheritdoc />
    public override TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(_origin);

    /// <inheritdoc />
    public override TimeSpan HighResMonotonicClock => Stopwatch.GetElapsedTime(_origin);

    /// <summary>Timers waiting, cancelled ones not yet due included.</summary>
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

    /// <summary>How often the thread has woken up: once per due time, or when an earlier timer arrived.</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <inheritdoc />
    protected override DateTimeOffset TimeNow => DateTimeOffset.Now;

    /// <summary>
    /// Akka disposes its scheduler when the system terminates. As Akka's own scheduler does, the timers still
    /// waiting run once (a reply or a timeout someone waits for), and scheduling afterwards fails.
    /// </summary>
    public void Dispose()
    {
        TimerHeap.Entry[] left;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            left = _timers.Drain();
            Monitor.PulseAll(_gate);
        }

        if (_started && Thread.CurrentThread != _thread && !_thread.Join(_shutdownTimeout))
        {
            Log.Warning("The scheduler thread did not stop within {0}", _shutdownTimeout);
        }

        foreach (var entry in left)
        {
            if (!entry.Timer.IsCancelled)
            {
                Fire(entry.Timer, ignoreTerminated: true);
            }
        }
    }

    private long Now => Stopwatch.GetElapsedTime(_origin).Ticks;

    private protected override void Add(TimeSpan delay, ScheduledTimer timer)
    {
        var due = Now + delay.Ticks;
        lock (_gate)
        {
            if (_stopped)
            {
                throw new SchedulerException("cannot schedule after the scheduler has stopped");
            }

            var earliest = _timers.Count == 0 || due < _timers.Min.Due;
            _timers.Push(new TimerHeap.Entry(due, _sequence++, timer));
            if (!_started)
            {
                _started = true;
                _thread.Start();
            }
            else if (earliest)
            {
                // The thread sleeps until the previous first timer: it must look again.
                Monitor.Pulse(_gate);
            }
        }
    }

    private void Run()
    {
        var due = new List<ScheduledTimer>();
        while (true)
        {
            lock (_gate)
            {
                while (!_stopped && !TakeDue(due))
                {
                    Sleep();
                }

                if (_stopped)
                {
                    return;
                }
            }

            foreach (var timer in due)
            {
                Fire(timer, ignoreTerminated: false);
            }

            due.Clear();
        }
    }

    /// <summary>Moves every live timer due now into <paramref name="due"/>, re-queuing repeating ones; false when none was.</summary>
    private bool TakeDue(List<ScheduledTimer> due)
    {
        var now = Now;
        while (_timers.Count > 0 && _timers.Min.Due <= now)
        {
            var (at, _, timer) = _timers.Min;
            if (timer.IsCancelled)
            {
                _timers.Pop();
                continue;
            }

            if (timer.IsRepeating)
            {
                // From its due time, so a repeating timer keeps its rhythm; one that fell behind (a stalled
                // machine) fires once now and goes on an interval from now, without a burst to catch up.
                var next = at + timer.Interval.Ticks;
                if (next <= now)
                {
                    next = now + timer.Interval.Ticks;
                }

                _timers.ReplaceMin(new TimerHeap.Entry(next, _sequence++, timer));
            }
            else
            {
                _timers.Pop();
            }

            due.Add(timer);
        }

        return due.Count > 0;
    }

    /// <summary>Waits, holding no lock meanwhile, until the first timer is due or an earlier one arrives.</summary>
    private void Sleep()
    {
        if (_timers.Count == 0)
        {
            Monitor.Wait(_gate);
        }
        else
        {
            // Rounded up to whole milliseconds, so the thread never wakes just before the due time.
            var wait = (_timers.Min.Due - Now + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
            Monitor.Wait(_gate, (int)Math.Clamp(wait, 1, int.MaxValue));
        }

        Interlocked.Increment(ref _wakeups);
    }

    private void Fire(ScheduledTimer timer, bool ignoreTerminated)
    {
        try
        {
            timer.Fire();
        }
        catch (SchedulerException) when (ignoreTerminated)
        {
            // A timer run at shutdown that schedules again: its system is gone.
        }
        catch (Exception ex)
        {
            // As Akka's scheduler does: one failing callback must not stop the others.
            Log.Error(ex, "A scheduled task failed");
        }
    }
}
