using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes;

/// <summary>
/// The thread that sees children exit, offered as a place to run work. On Linux it is the pidfd exit
/// watcher: an exit's continuations run there, so work posted there (the supervision tree's mailboxes)
/// handles the exit, decides and spawns again without waking another thread. Elsewhere there is no
/// such thread and work goes to the .NET thread pool.
/// </summary>
public static class ExitLoop
{
    /// <summary>True where work posted here runs on the exit watcher's thread (Linux).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux();

    /// <summary>Runs <paramref name="work"/> on the exit watcher's thread, in posting order; on the thread pool where there is none.</summary>
    public static void Post(IThreadPoolWorkItem work)
    {
        if (IsAvailable)
        {
            PidfdExitWatcher.Instance.Post(work);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
        }
    }
}
