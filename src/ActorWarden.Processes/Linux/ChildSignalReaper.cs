using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Reaps inherited zombies when they appear rather than on the next health tick: every SIGCHLD (a
/// child of the warden changed state, re-parented orphans included) schedules one orphan pass per
/// launcher on the thread pool. Signals that arrive while a pass is pending are folded into it.
/// The runtime keeps handling SIGCHLD for its own children; this only listens.
/// </summary>
internal static class ChildSignalReaper
{
    private static readonly ConcurrentQueue<IProcessLauncher> Launchers = new();
    private static readonly Lazy<PosixSignalRegistration> Registration =
        new(() => PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => Schedule()), LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _pending;
    private static int _deferred;

    /// <summary>Starts listening (once per process).</summary>
    public static void Register() => _ = Registration.Value;

    /// <summary>Includes <paramref name="launcher"/> in every pass from now on.</summary>
    public static void Add(IProcessLauncher launcher) => Launchers.Enqueue(launcher);

    /// <summary>A pass met a spawn in flight: run another once the spawn is registered.</summary>
    public static void Defer() => Volatile.Write(ref _deferred, 1);

    /// <summary>Called after each spawn is registered: runs the pass a spawn in flight deferred, if any.</summary>
    public static void SpawnRegistered()
    {
        if (Volatile.Read(ref _deferred) == 1 && Interlocked.Exchange(ref _deferred, 0) == 1)
        {
            Schedule();
        }
    }

    private static void Schedule()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => Pass(), null);
        }
    }

    private static void Pass()
    {
        Volatile.Write(ref _pending, 0);
        foreach (var launcher in Launchers)
        {
            try
            {
                launcher.ReapOrphans();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // /proc raced with an exiting process; the next SIGCHLD or tick tries again.
            }
        }
    }
}
