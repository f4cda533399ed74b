using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// Drives a virtual-time actor system from a test thread, for <see cref="VirtualWarden"/> and the RSS
/// tests' warden: runs what is ready, moves the clock, and waits for a task without moving the clock
/// past work still on the thread pool.
/// </summary>
internal static class VirtualClockDriver
{
    /// <summary>
    /// Runs with no synchronization context, as the simulator does: continuations of the runtime's own
    /// awaits then run inline on this thread instead of being posted to xUnit's context.
    /// </summary>
    public static void Drive(Action run)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            run();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>Runs everything ready now without moving the clock.</summary>
    public static void Settle(VirtualTimeScheduler time) => Drive(time.RunUntilIdle);

    public static void Advance(VirtualTimeScheduler time, TimeSpan by) => Drive(() => time.Advance(by));

    /// <summary>
    /// Pumps the system until <paramref name="task"/> completes, at most <paramref name="virtualLimit"/> of
    /// virtual time. The clock moves 100 ms at a time, and only once the thread pool has caught up: an
    /// answer still on a loaded pool (an Ask reply, a PipeTo) must not let timers run inside the wait.
    /// </summary>
    public static void Wait(VirtualTimeScheduler time, Task task, TimeSpan virtualLimit)
    {
        var limit = time.Monotonic + virtualLimit;
        while (!task.IsCompleted)
        {
            Settle(time);
            if (task.IsCompleted || ((IAsyncResult)task).AsyncWaitHandle.WaitOne(1))
            {
                break;
            }

            if (!ThreadPoolProbe.CaughtUp(((IAsyncResult)task).AsyncWaitHandle, time.RunQueue.Posted))
            {
                continue;
            }

            if (time.Monotonic >= limit)
            {
                throw new TimeoutException($"task did not complete within {virtualLimit} of virtual time");
            }

            Advance(time, TimeSpan.FromMilliseconds(100));
        }
    }
}
