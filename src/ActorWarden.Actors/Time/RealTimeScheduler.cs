using System.Diagnostics;

namespace ActorWarden.Actors;

/// <summary>
/// The production scheduler: a single background timer thread over a priority queue ordered by due time
/// (then by scheduling order). One thread serves every timer in the system, so ten thousand health-check
/// timers cost ten thousand queue entries, not ten thousand tasks or OS timers. Tells are delivered on the
/// timer thread (an enqueue, so cheap); actions run on the thread pool so user code cannot stall timers.
/// </summary>
public sealed class RealTimeScheduler : SchedulerBase, IDisposable
{
    private readonly object _gate = new();
    private readonly PriorityQueue<ScheduledWork, (long Due, long Sequence)> _queue = new();
    private readonly long _originTimestamp = Stopwatch.GetTimestamp();
    private long _sequence;
    private Thread? _thread;
    private bool _disposed;

    /// <inheritdoc />
    public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public override TimeSpan Monotonic => Stopwatch.GetElapsedTime(_originTimestamp);

    /// <summary>Stops the timer thread; pending timers never fire.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    private protected override ScheduledWork Add(TimeSpan delay, ScheduledWork work)
    {
        var due = Monotonic.Ticks + delay.Ticks;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var wakeNeeded = !_queue.TryPeek(out _, out var head) || due < head.Due;
            _queue.Enqueue(work, (due, _sequence++));
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "actorwarden-scheduler" };
                _thread.Start();
            }
            else if (wakeNeeded)
            {
                Monitor.Pulse(_gate);
            }
        }

        return work;
    }

    private void Run()
    {
        while (true)
        {
            ScheduledWork? work;
            long due;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (_queue.TryPeek(out work, out var key))
                    {
                        var wait = key.Due - Monotonic.Ticks;
                        if (wait <= 0)
                        {
                            _queue.Dequeue();
                            due = key.Due;
                            break;
                        }

                        Monitor.Wait(_gate, TimeSpan.FromTicks(Math.Min(wait + TimeSpan.TicksPerMillisecond / 2, TimeSpan.TicksPerDay)));
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }

            if (work.IsCancellationRequested)
            {
                continue;
            }

            work.Fire(static action => ThreadPool.UnsafeQueueUserWorkItem(static a => a(), action, preferLocal: false));
            if (work.IsRepeating)
            {
                var next = due + work.Interval.Ticks;
                var now = Monotonic.Ticks;
                if (next < now)
                {
                    next = now + work.Interval.Ticks;
                }

                lock (_gate)
                {
                    if (!_disposed)
                    {
                        _queue.Enqueue(work, (next, _sequence++));
                    }
                }
            }
        }
    }
}
