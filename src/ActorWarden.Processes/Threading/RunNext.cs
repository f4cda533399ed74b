using System.Runtime.CompilerServices;

namespace ActorWarden.Processes.Threading;

/// <summary>
/// A few slots per thread for the work that the thread's current work readies: it runs on the same thread as
/// soon as the current work ends, as the "run next" slot of Go's scheduler does. A restart is a chain of
/// hand-offs (the exit to the instance's actor, its failure to the supervisor and a suspend to its log
/// shipper, the directive back, the relaunch); queued to the thread pool, each woke a parked worker on the
/// other core. Kept on one thread, the chain wakes nobody. A few slots, not an unbounded queue: what is readied
/// beyond them goes to the pool, so work that fans out (a broadcast, a batch of exits) still spreads over the
/// cores.
/// </summary>
public static class RunNext
{
    /// <summary>Items a thread keeps for itself; the rest of a fan-out goes to the pool.</summary>
    private const int Slots = 4;

    /// <summary>Runs in a row before the rest goes to the pool, so a chain that never ends cannot hold a thread.</summary>
    private const int Limit = 64;

    [ThreadStatic]
    private static IThreadPoolWorkItem?[]? _slots;

    [ThreadStatic]
    private static int _head;

    [ThreadStatic]
    private static int _count;

    [ThreadStatic]
    private static bool _sealed;

    private static Action<IThreadPoolWorkItem> _runner = static work => work.Execute();

    /// <summary>
    /// How an item taken from a slot is run; the actor system's side sets it once, so that a mailbox run here is
    /// measured as one queued to the pool is (stage costs).
    /// </summary>
    public static Action<IThreadPoolWorkItem> Runner
    {
        get => _runner;
        set => _runner = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Whether the calling thread has open slots.</summary>
    public static bool IsOpen => _slots is not null;

    /// <summary>Keeps <paramref name="work"/> for the calling thread; false when it has no open slots or they are full.</summary>
    public static bool TryOffer(IThreadPoolWorkItem work)
    {
        var slots = _slots;
        if (slots is null || _sealed || _count == Slots)
        {
            return false;
        }

        slots[(_head + _count) % Slots] = work;
        _count++;
        return true;
    }

    /// <summary>Opens the calling thread's slots: from now on it keeps what it readies, until it calls <see cref="Drain"/>.</summary>
    public static void Open() => _slots ??= new IThreadPoolWorkItem?[Slots];

    /// <summary>
    /// Keeps nothing more until the next <see cref="Drain"/>: the exit watcher seals its slots after the first
    /// exit of a batch, so one restart runs on its thread and the batch's others go to the pool, where they run
    /// beside it instead of behind its spawn (the clone blocks the thread until the child has executed).
    /// </summary>
    public static void Seal() => _sealed = true;

    /// <summary>
    /// Runs what the slots hold, in the order it was readied, and what each run readies in turn, up to a limit;
    /// what is left then goes to the pool. The slots stay open unless <paramref name="close"/>.
    /// </summary>
    public static void Drain(bool close)
    {
        var slots = _slots;
        if (slots is null)
        {
            return;
        }

        _sealed = false;
        for (var ran = 0; _count > 0 && ran < Limit; ran++)
        {
            _runner(Take(slots)!);
        }

        while (_count > 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(Take(slots)!, preferLocal: false);
        }

        if (close)
        {
            _slots = null;
        }
    }

    /// <summary>Runs <paramref name="first"/> on the calling thread with its slots open, then what it readied (<see cref="Drain"/>).</summary>
    public static void RunFrom(IThreadPoolWorkItem first)
    {
        if (_slots is not null)
        {
            // Inside a drain already (a nested run): the outer one runs what this readies.
            _runner(first);
            return;
        }

        Open();
        try
        {
            _runner(first);
        }
        finally
        {
            Drain(close: true);
        }
    }

    /// <summary>
    /// Like <see cref="Task.Yield"/>, but the continuation takes a slot of the calling thread when it has one
    /// free: it runs right after the current work, on this thread, instead of waking a pool worker. For work
    /// that must not run inside its caller (an output pump started by an actor) and costs little before its
    /// first real wait.
    /// </summary>
    public static YieldAwaitable Yield() => default;

    private static IThreadPoolWorkItem? Take(IThreadPoolWorkItem?[] slots)
    {
        var work = slots[_head];
        slots[_head] = null;
        _head = (_head + 1) % Slots;
        _count--;
        return work;
    }

    /// <summary>The awaitable of <see cref="Yield"/>.</summary>
    public readonly struct YieldAwaitable : ICriticalNotifyCompletion
    {
        /// <summary>For <c>await</c>.</summary>
        public YieldAwaitable GetAwaiter() => this;

        /// <summary>Never: the continuation always moves.</summary>
        public bool IsCompleted => false;

        /// <summary>For <c>await</c>.</summary>
        public void GetResult()
        {
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation)
        {
            var work = new Continuation(continuation);
            if (!TryOffer(work))
            {
                ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
            }
        }
    }

    private sealed class Continuation(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }
}
