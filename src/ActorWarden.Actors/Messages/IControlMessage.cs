namespace ActorWarden.Actors;

/// <summary>
/// Marks user messages that must not wait behind an actor's ordinary backlog (Akka's <c>ControlMessage</c>
/// with a control-aware mailbox, here built into every mailbox). A supervisor that aggregates a farm's
/// traffic can have thousands of messages queued; a stop, a status query or a watchdog ping sent to it
/// is taken before all of them, in the order the control messages arrived.
/// </summary>
public interface IControlMessage
{
}
