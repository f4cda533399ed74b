namespace ActorWarden.Actors;

/// <summary>
/// What every scheduler does the same way — argument checks and turning a tell or an action into
/// one piece of scheduled work — so the real-time and virtual-time schedulers differ only in how
/// they keep time and fire timers, which is what tests and `warden simulate` rely on.
/// </summary>
public abstract class SchedulerBase : IScheduler
{
    /// <inheritdoc />
    public abstract DateTimeOffset UtcNow { get; }

    /// <inheritdoc />
    public abstract TimeSpan Monotonic { get; }

    /// <inheritdoc />
    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ScheduledWork.ValidateDelay(delay, nameof(delay));
        return Add(delay, new ScheduledWork(receiver, message, sender, null, TimeSpan.Zero));
    }

    /// <inheritdoc />
    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ScheduledWork.ValidateDelay(initialDelay, nameof(initialDelay));
        ScheduledWork.ValidateInterval(interval);
        return Add(initialDelay, new ScheduledWork(receiver, message, sender, null, interval));
    }

    /// <inheritdoc />
    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ScheduledWork.ValidateDelay(delay, nameof(delay));
        return Add(delay, new ScheduledWork(null, null, null, action, TimeSpan.Zero));
    }

    /// <summary>Queues <paramref name="work"/> to fire after <paramref name="delay"/> on this scheduler's clock.</summary>
    private protected abstract ScheduledWork Add(TimeSpan delay, ScheduledWork work);
}
