using Akka.Dispatch;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// The single FIFO queue of mailbox runs shared by every dispatcher of a virtual-time system. Any thread may
/// post (a test's <c>Tell</c>, a task continuation from a process watcher); only the thread that drives the
/// <see cref="VirtualTimeScheduler"/> takes work out, so actors run one at a time in posting order.
/// </summary>
internal sealed class RunQueue
{
    private readonly object _gate = new();
    private readonly Queue<IRunnable> _work = new();
    private readonly ManualResetEventSlim _posted = new(initialState: false);

    /// <summary>Set whenever work is posted; a driver that found nothing to do waits on it (see <see cref="VirtualTimeSystem.Terminate"/>).</summary>
    public WaitHandle Posted => _posted.WaitHandle;

    public void Post(IRunnable work)
    {
        bool wasEmpty;
        lock (_gate)
        {
            wasEmpty = _work.Count == 0;
            _work.Enqueue(work);
        }

        // The event is set whenever the queue holds work (TryTake resets it only once it found the queue
        // empty), so only the post into an empty queue has to set it.
        if (wasEmpty)
        {
            _posted.Set();
        }
    }

    public bool TryTake(out IRunnable work)
    {
        lock (_gate)
        {
            if (_work.TryDequeue(out var next))
            {
                work = next;
                return true;
            }

            _posted.Reset();
            work = null!;
            return false;
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _work.Count == 0;
            }
        }
    }
}
