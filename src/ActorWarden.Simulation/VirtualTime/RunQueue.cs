using Akka.Dispatch;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// The single FIFO queue of mailbox runs shared by every dispatcher of a virtual-time system. Any thread may
/// post (a test's <c>Tell</c>, a task continuation from a process watcher); only the thread that drives the
/// <see cref="VirtualTimeScheduler"/> takes work out, so actors run one at a time in posting order.
/// <para>
/// Nearly every run is posted by the driving thread itself, from inside the actor it is running: those go
/// straight into a queue only that thread touches, without a lock (a lock and an event per message were a
/// tenth of a simulated day). Work from other threads waits under the lock until the driver's next post or
/// take moves it across, so posting order holds between the two.
/// </para>
/// </summary>
internal sealed class RunQueue
{
    private readonly object _gate = new();
    private readonly Queue<IRunnable> _driven = new();
    private readonly Queue<IRunnable> _foreign = new();
    private readonly ManualResetEventSlim _posted = new(initialState: false);
    private int _foreignCount;

    /// <summary>Set when work is queued from outside the drive; a driver that found nothing to do waits on it (see <see cref="VirtualTimeSystem.Terminate"/>).</summary>
    public WaitHandle Posted => _posted.WaitHandle;

    /// <summary>True when nothing is queued; asked by the driving thread.</summary>
    public bool IsEmpty => _driven.Count == 0 && Volatile.Read(ref _foreignCount) == 0;

    /// <summary>Queues <paramref name="work"/>; <paramref name="byDriver"/> when the thread driving the clock posts it.</summary>
    public void Post(IRunnable work, bool byDriver)
    {
        if (byDriver)
        {
            MoveForeign();
            _driven.Enqueue(work);
        }
        else
        {
            lock (_gate)
            {
                _foreign.Enqueue(work);
                Volatile.Write(ref _foreignCount, _foreign.Count);
            }

            // Only foreign work sets it: the driver drains its own posts before it stops driving, and it waits
            // on the event only then. Only TryTake resets it, under the lock and only when it found both queues
            // empty, so a set event stays set while foreign work is queued. A set and a reset for every timer
            // of a simulated day (millions) were 1-2 % of it.
            if (!_posted.IsSet)
            {
                _posted.Set();
            }
        }
    }

    /// <summary>Takes the next run; by the driving thread, or by any one thread while nobody drives.</summary>
    public bool TryTake(out IRunnable work)
    {
        MoveForeign();
        if (_driven.TryDequeue(out var next))
        {
            work = next;
            return true;
        }

        // Nothing foreign queued and nothing to reset: the common end of a drain needs no lock. A foreign post
        // racing with this read sets the event after its work is queued, so that work is not missed.
        if (Volatile.Read(ref _foreignCount) == 0 && !_posted.IsSet)
        {
            work = null!;
            return false;
        }

        lock (_gate)
        {
            if (_foreign.Count == 0)
            {
                _posted.Reset();
                work = null!;
                return false;
            }
        }

        MoveForeign();
        return _driven.TryDequeue(out work!);
    }

    private void MoveForeign()
    {
        if (Volatile.Read(ref _foreignCount) == 0)
        {
            return;
        }

        lock (_gate)
        {
            while (_foreign.TryDequeue(out var work))
            {
                _driven.Enqueue(work);
            }

            Volatile.Write(ref _foreignCount, 0);
        }
    }
}
