namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Marks a message that overtakes an actor's ordinary backlog in the <see cref="WardenDispatchers.ControlAwareMailbox"/>:
/// an operator's stop, a command, a reload or the watchdog's ping must not wait behind a restart storm's events.
/// </summary>
public interface IControlMessage
{
}
