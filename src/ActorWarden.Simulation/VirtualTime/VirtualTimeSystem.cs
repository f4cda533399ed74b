using Akka.Actor;
using Akka.Configuration;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// An Akka.NET actor system on virtual time, for tests and <c>warden simulate</c>. Nothing runs until
/// <see cref="Time"/> is driven. An <c>Ask</c> still times out on the real clock (Akka uses a
/// <c>CancellationTokenSource</c>), so ask with a generous timeout and drive until the task completes.
/// </summary>
public sealed class VirtualTimeSystem : IDisposable
{
    /// <summary>Real time that <see cref="Terminate"/> waits for Akka's shutdown before giving up.</summary>
    private static readonly TimeSpan TerminateTimeout = TimeSpan.FromSeconds(30);

    private VirtualTimeSystem(ActorSystem system, VirtualTimeScheduler time)
    {
        System = system;
        Time = time;
    }

    /// <summary>The Akka.NET system, on the virtual scheduler and FIFO dispatchers.</summary>
    public ActorSystem System { get; }

    /// <summary>The clock that drives <see cref="System"/>.</summary>
    public VirtualTimeScheduler Time { get; }

    /// <summary>
    /// Creates a system named <paramref name="name"/> on virtual time starting at <paramref name="start"/>
    /// (default: <c>akka.scheduler.virtual-start</c> of <paramref name="extra"/>, else 2020-01-01T00:00:00Z);
    /// <paramref name="extra"/> is the application's config, overridden only where virtual time needs it. Its own
    /// dispatchers must become FIFO too: put <c>VirtualTimeConfig.Hocon(null, "warden-pinned")</c> in front of it.
    /// </summary>
    public static VirtualTimeSystem Create(string name, AkkaConfig? extra = null, DateTimeOffset? start = null)
    {
        var config = ConfigurationFactory.ParseString(VirtualTimeConfig.Hocon(start));
        if (extra is not null)
        {
            config = config.WithFallback(extra);
        }

        var system = ActorSystem.Create(name, config);
        return new VirtualTimeSystem(system, (VirtualTimeScheduler)system.Scheduler);
    }

    /// <summary>
    /// Terminates the system, driving it (without moving the clock) until Akka reports it terminated. Parts of
    /// Akka's shutdown run as task continuations on the thread pool; their work is picked up as it arrives.
    /// </summary>
    public void Terminate()
    {
        var terminated = System.Terminate();
        var handles = new[] { ((IAsyncResult)terminated).AsyncWaitHandle, Time.RunQueue.Posted };
        var deadline = Environment.TickCount64 + (long)TerminateTimeout.TotalMilliseconds;
        while (true)
        {
            Time.RunUntilIdle();
            if (terminated.IsCompleted)
            {
                return;
            }

            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TimeoutException($"Actor system '{System.Name}' did not terminate within {TerminateTimeout.TotalSeconds} s of real time.");
            }

            WaitHandle.WaitAny(handles, TimeSpan.FromMilliseconds(left));
        }
    }

    /// <summary>
    /// Drives the system until <paramref name="task"/> completes: runs what is ready, waits in real time
    /// for work that task continuations post from the thread pool, and moves the clock by
    /// <paramref name="step"/> only when nothing else is ready. Parts of Akka (Ask replies, termination)
    /// resume on the thread pool, so a loop that only advances the clock can finish before they arrive.
    /// The wait is not a fixed guess: the clock moves only after a probe queued behind that work has run,
    /// so a pool starved by other tests delays the clock instead of burning <paramref name="virtualLimit"/>.
    /// </summary>
    /// <exception cref="TimeoutException">The task did not complete within <paramref name="virtualLimit"/> of virtual time.</exception>
    public void RunUntil(Task task, TimeSpan step, TimeSpan virtualLimit)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = Time.Monotonic + virtualLimit;
        var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, Time.RunQueue.Posted };
        while (true)
        {
            Time.RunUntilIdle();
            if (task.IsCompleted)
            {
                return;
            }

            if (WaitHandle.WaitAny(handles, TimeSpan.FromMilliseconds(5)) != WaitHandle.WaitTimeout
                || !ThreadPoolProbe.CaughtUp(handles[0], handles[1]))
            {
                continue;
            }

            if (Time.Monotonic >= limit)
            {
                throw new TimeoutException($"the task did not complete within {virtualLimit} of virtual time");
            }

            Time.Advance(step);
        }
    }

    /// <summary>Terminates the system if it is still running.</summary>
    public void Dispose()
    {
        if (!System.WhenTerminated.IsCompleted)
        {
            Terminate();
        }
    }
}
