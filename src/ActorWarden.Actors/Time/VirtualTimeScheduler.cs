namespace ActorWarden.Actors;

/// <summary>
/// A scheduler whose clock only moves when told to. Tests and <c>warden simulate</c> use it to cover hours
/// of restart windows and health-check intervals in milliseconds, with the same result on every run.
/// Timers fire in due-time order, ties broken by scheduling order. When the actor system runs with
/// <see cref="DispatcherMode.Deterministic"/>, this scheduler also owns the system's single run queue:
/// actors only process messages inside <see cref="Advance"/>, <see cref="AdvanceTo"/> and
/// <see cref="RunUntilIdle"/>, on the calling thread, in FIFO order.
/// </summary>
public sealed class VirtualTimeScheduler : SchedulerBase
{
    private readonly object _gate = new();
    private readonly PriorityQueue<ScheduledWork, (long Due, long Sequence)> _timers = new();
    private Queue<IThreadPoolWorkItem> _runQueue = new();
    private Queue<IThreadPoolWorkItem> _spareRunQueue = new();
    private readonly DateTimeOffset _origin;
    private long _nowTicks;
    private long _sequence;
    private int _runningThread;

    /// <summary>Creates a clock starting at <paramref name="start"/> (default 2020-01-01T00:00:00Z, so output is reproducible).</summary>
    public VirtualTimeScheduler(DateTimeOffset? start = null)
    {
        _origin = start ?? new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override DateTimeOffset UtcNow => _origin + Monotonic;

    /// <inheritdoc />
    public override TimeSpan Monotonic => TimeSpan.FromTicks(Volatile.Read(ref _nowTicks));

    /// <summary>Number of timers waiting (including cancelled ones not yet reached).</summary>
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

    /// <summary>Moves the clock forward by <paramref name="duration"/>, firing every timer that comes due on the way.</summary>
    public void Advance(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Virtual time cannot go backwards.");
        }

        RunTo(Volatile.Read(ref _nowTicks) + duration.Ticks);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/> (wall-clock form of <see cref="Advance"/>).</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var target = (instant - _origin).Ticks;
        if (target < Volatile.Read(ref _nowTicks))
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, $"Virtual time cannot go backwards (now {UtcNow:O}).");
        }

        RunTo(target);
    }

    /// <summary>Runs all work that is ready now (queued actor messages and timers already due) without moving the clock.</summary>
    public void RunUntilIdle() => RunTo(Volatile.Read(ref _nowTicks));

    /// <summary>Queues a unit of actor work on the deterministic run queue.</summary>
    internal void Post(IThreadPoolWorkItem work)
    {
        lock (_gate)
        {
            _runQueue.Enqueue(work);
        }
    }

    /// <summary>True when called from inside <see cref="RunUntilIdle"/> or <see cref="Advance"/> on this thread (actors and timers run there).</summary>
    public bool IsRunningOnCurrentThread => Volatile.Read(ref _runningThread) == Environment.CurrentManagedThreadId;

    private protected override ScheduledWork Add(TimeSpan delay, ScheduledWork work)
    {
        lock (_gate)
        {
            _timers.Enqueue(work, (_nowTicks + delay.Ticks, _sequence++));
        }

        return work;
    }

    private void RunTo(long targetTicks)
    {
        var me = Environment.CurrentManagedThreadId;
        if (Interlocked.CompareExchange(ref _runningThread, me, 0) != 0)
        {
            if (_runningThread == me)
            {
                throw new InvalidOperationException("VirtualTimeScheduler cannot be advanced from inside work it is running (an actor or timer callback).");
            }

            throw new InvalidOperationException("VirtualTimeScheduler is already being advanced by another thread; drive virtual time from one thread.");
        }

        try
        {
            ScheduledWork? repeat = null;
            long repeatDue = 0;
            while (true)
            {
                DrainRunQueue();
                ScheduledWork? due;
                long dueTicks;
                lock (_gate)
                {
                    if (repeat is not null)
                    {
                        _timers.Enqueue(repeat, (repeatDue, _sequence++));
                        repeat = null;
                    }

                    if (!_timers.TryPeek(out due, out var key) || key.Due > targetTicks)
                    {
                        if (_runQueue.Count == 0)
                        {
                            _nowTicks = targetTicks;
                            break;
                        }

                        continue;
                    }

                    _timers.Dequeue();
                    dueTicks = key.Due;
                    if (dueTicks > _nowTicks)
                    {
                        Volatile.Write(ref _nowTicks, dueTicks);
                    }
                }

                if (due.IsCancellationRequested)
                {
                    continue;
                }

                due.Fire(static action => action());
                if (due.IsRepeating && !due.IsCancellationRequested)
                {
                    repeat = due;
                    repeatDue = dueTicks + due.Interval.Ticks;
                }
            }

            DrainRunQueue();
        }
        finally
        {
            Volatile.Write(ref _runningThread, 0);
        }
    }

    private void DrainRunQueue()
    {
        while (true)
        {
            Queue<IThreadPoolWorkItem> batch;
            lock (_gate)
            {
                if (_runQueue.Count == 0)
                {
                    return;
                }

                batch = _runQueue;
                _runQueue = _spareRunQueue;
                _spareRunQueue = batch;
            }

            // Work posted while this batch runs lands in the other queue and runs in the next round, so the
            // overall order stays FIFO.
            while (batch.TryDequeue(out var work))
            {
                work.Execute();
            }
        }
    }
}
