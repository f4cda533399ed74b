namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// How a driver of virtual time knows that the thread pool has had its turn. Parts of Akka (Ask replies,
/// PipeTo, termination) resume on the pool and post their work to the run queue from there; a driver that
/// waited a fixed few milliseconds for them moved the clock on while a pool starved by other tests still
/// held them (a clean CI run burned a 20 s virtual limit in one real second that way).
/// </summary>
public static class ThreadPoolProbe
{
    /// <summary>Real time the pool may take to run a probe before the driver moves on anyway.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Queues a probe to the pool's global queue and waits until it has run, so that the continuations
    /// queued before it have had their turn. False when one of <paramref name="progress"/> was signalled
    /// first or just after (work arrived: run it before moving the clock); true otherwise.
    /// </summary>
    public static bool CaughtUp(params WaitHandle[] progress)
    {
        ArgumentNullException.ThrowIfNull(progress);

        // Not disposed here: the pool may set it after this returns; the finalizer frees the handle.
        var probe = new ManualResetEvent(false);
        ThreadPool.UnsafeQueueUserWorkItem(static p => p.Set(), probe, preferLocal: false);
        var signalled = WaitHandle.WaitAny([.. progress, probe], Patience);
        if (signalled >= 0 && signalled < progress.Length)
        {
            return false;
        }

        return WaitHandle.WaitAny(progress, TimeSpan.FromMilliseconds(1)) == WaitHandle.WaitTimeout;
    }
}
