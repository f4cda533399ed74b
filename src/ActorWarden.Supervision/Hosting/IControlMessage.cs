namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Marks a message that jumps the queue of an actor on <see cref="ControlAwareMailbox"/>: a stop, a
/// shutdown or a status request must not wait behind thousands of log lines (Akka JVM's ControlMessage).
/// </summary>
public interface IControlMessage;
