namespace ActorWarden.Actors;

/// <summary>
/// A queued user message and its sender. It doubles as the node of the mailbox's linked queue, so sending
/// a message costs exactly one small allocation.
/// </summary>
internal sealed class Envelope
{
    public object? Message;
    public IActorRef? Sender;
    public Envelope? Next;
}
