using Akka.Actor;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Runs blocking OS work (a tree kill, a leftover sweep) off an actor's thread and off the scheduler's
/// single timer thread, where it would delay every timer of the system. On virtual time it runs on the
/// scheduler instead, in order, so <c>warden simulate</c> stays deterministic.
/// </summary>
public sealed class DetachedWork
{
    private readonly IScheduler _scheduler;
    private readonly bool _onScheduler;

    /// <param name="scheduler">The actor system's scheduler (delays are measured on it).</param>
    /// <param name="onScheduler">True on virtual time: run the work as a scheduled action, not on the thread pool.</param>
    public DetachedWork(IScheduler scheduler, bool onScheduler)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _onScheduler = onScheduler;
    }

    /// <summary>Runs <paramref name="action"/> soon, on another thread (or the virtual scheduler).</summary>
    public void Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_onScheduler)
        {
            _scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, action);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static a => a(), action, preferLocal: false);
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> on the scheduler's clock, unless cancelled first.</summary>
    public ICancelable RunAfter(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _scheduler.Advanced.ScheduleOnceCancelable(delay, _onScheduler ? action : () => Run(action));
    }
}
