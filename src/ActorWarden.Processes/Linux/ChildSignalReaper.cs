using System.Runtime.InteropServices;
using ActorWarden.Processes.Diagnostics;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Reaps inherited zombies when they appear rather than on the next health tick: every SIGCHLD (a
/// child of the warden changed state, re-parented orphans included) runs one orphan pass on the
/// thread pool. Signals that arrive while a pass is pending are folded into it. One launcher's pass
/// covers the whole process (live children are tracked process-wide), so only the first launcher
/// created is asked. The runtime keeps handling SIGCHLD for its own children; this only listens.
/// </summary>
internal static class ChildSignalReaper
{
    private static readonly Stage PassStage = StageCosts.Register("orphan pass");

    private static LinuxProcessLauncher? _launcher;

    // The runtime already calls the handler on a thread-pool thread, so the pass runs right there:
    // queueing it again cost a second work item at every exit of every child.
    private static readonly Lazy<PosixSignalRegistration> Registration =
        new(() => PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => RunOrFold()), LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _pending;
    private static int _deferred;

    /// <summary>Starts listening (once per process).</summary>
    public static void Register() => _ = Registration.Value;

    /// <summary>Makes <paramref name="launcher"/> the one that reaps, unless one already does.</summary>
    public static void Add(LinuxProcessLauncher launcher) => Interlocked.CompareExchange(ref _launcher, launcher, null);

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

    /// <summary>Runs a pass on the calling thread, unless one is pending already (it covers this signal).</summary>
    private static void RunOrFold()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            Pass();
        }
    }

    private static void Pass()
    {
        using var stage = StageCosts.Enter(PassStage);
        Volatile.Write(ref _pending, 0);
        try
        {
            Volatile.Read(ref _launcher)?.ReapReparentedOrphans();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // /proc raced with an exiting process; the next SIGCHLD or tick tries again.
        }
    }
}
