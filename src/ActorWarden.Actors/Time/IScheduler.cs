namespace ActorWarden.Actors;

/// <summary>
/// Delivers messages later. Timers are messages (not callbacks into actor state) so that an actor's state
/// is only ever touched by the actor itself, one message at a time.
/// </summary>
public interface IScheduler : IClock
{
    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Tells <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/> until cancelled.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> once after <paramref name="delay"/>; keep it short and thread-safe.</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}
