using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Supervision.Hosting.Scheduling;

/// <summary>
/// An Akka scheduler that keeps every kind of scheduled work (a tell, an action, a runnable; once or
/// repeated) as one <see cref="ScheduledTimer"/> in a timer queue: the warden's <see cref="TicklessScheduler"/>
/// and the virtual-time scheduler of `warden simulate` differ only in how their clock moves.
/// </summary>
public abstract class TimerQueueScheduler : SchedulerBase
{
    protected TimerQueueScheduler(AkkaConfig scheduler, ILoggingAdapter log)
        : base(scheduler, log)
    {
    }

    /// <summary>Queues <paramref name="timer"/> to come due <paramref name="delay"/> from now.</summary>
    private protected abstract void Add(TimeSpan delay, ScheduledTimer timer);

    /// <inheritdoc />
    protected sealed override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Once(delay, new ScheduledTimer(receiver, message, sender, TimeSpan.Zero, cancelable));

    /// <inheritdoc />
    protected sealed override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Repeatedly(initialDelay, interval, new ScheduledTimer(receiver, message, sender, interval, cancelable));

    /// <inheritdoc />
    protected sealed override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Once(delay, new ScheduledTimer(action, TimeSpan.Zero, cancelable));

    /// <inheritdoc />
    protected sealed override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Once(delay, new ScheduledTimer(action, TimeSpan.Zero, cancelable));

    /// <inheritdoc />
    protected sealed override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Repeatedly(initialDelay, interval, new ScheduledTimer(action, interval, cancelable));

    /// <inheritdoc />
    protected sealed override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Repeatedly(initialDelay, interval, new ScheduledTimer(action, interval, cancelable));

    private void Once(TimeSpan delay, ScheduledTimer timer)
    {
        ValidateDelay(delay, nameof(delay));
        Add(delay, timer);
    }

    private void Repeatedly(TimeSpan initialDelay, TimeSpan interval, ScheduledTimer timer)
    {
        // The public IRunnable overloads of SchedulerBase skip validation, so validate here for all of them.
        ValidateDelay(initialDelay, nameof(initialDelay));
        ValidateInterval(interval, nameof(interval));
        Add(initialDelay, timer);
    }
}
