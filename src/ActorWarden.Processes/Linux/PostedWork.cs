using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The queue of work posted to an epoll thread, and the eventfd that wakes that thread. Only a thread
/// that is going to sleep, or is asleep, costs a poster a write(2); work posted by the thread itself,
/// or while it runs, costs none.
/// </summary>
internal sealed unsafe class PostedWork
{
    /// <summary>Work items run before the thread looks at its descriptors again, so a long queue never delays an exit by much.</summary>
    private const int RunsPerTurn = 64;

    private readonly ConcurrentQueue<IThreadPoolWorkItem> _queue = new();
    private int _sleeping;

    public PostedWork()
    {
        WakeFd = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (WakeFd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }
    }

    /// <summary>The eventfd to add to the thread's epoll set; readable after a wake-up.</summary>
    public int WakeFd { get; }

    public void Add(IThreadPoolWorkItem work, bool fromOwnThread)
    {
        ArgumentNullException.ThrowIfNull(work);
        _queue.Enqueue(work);
        // Enqueue is a full fence, so either this read sees the thread going to sleep, or the thread's
        // check after it announced its sleep sees the item (BeforeWait).
        if (!fromOwnThread && Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            ulong one = 1;
            LibC.Write(WakeFd, (byte*)&one, sizeof(ulong));
        }
    }

    /// <summary>Runs up to <see cref="RunsPerTurn"/> items; one that throws is reported and the rest still run.</summary>
    public void RunSome()
    {
        for (var i = 0; i < RunsPerTurn && _queue.TryDequeue(out var work); i++)
        {
            try
            {
                work.Execute();
            }
            catch (Exception ex)
            {
                // Akka's mailbox runs catch their own failures; anything else must not end the thread that sees every exit.
                Console.Error.WriteLine($"actorwarden: posted work {work.GetType().FullName} failed: {ex}");
            }
        }
    }

    /// <summary>The epoll_wait timeout: 0 while work is queued; otherwise announces the sleep and returns -1 (no timeout).</summary>
    public int BeforeWait()
    {
        if (!_queue.IsEmpty)
        {
            return 0;
        }

        Interlocked.Exchange(ref _sleeping, 1);
        if (_queue.IsEmpty)
        {
            return -1;
        }

        Volatile.Write(ref _sleeping, 0);
        return 0;
    }

    public void AfterWait() => Volatile.Write(ref _sleeping, 0);

    /// <summary>Drains the eventfd, which stays readable (level-triggered) until read.</summary>
    public void ClearWake()
    {
        ulong value;
        LibC.Read(WakeFd, (byte*)&value, sizeof(ulong));
    }
}
