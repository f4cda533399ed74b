namespace ActorWarden.Actors;

/// <summary>Reference to an actor in this process; survives restarts of the actor behind it.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    private readonly int _uid;

    public LocalActorRef(ActorCell cell, ActorPath path, int uid)
    {
        Cell = cell;
        Path = path;
        _uid = uid;
    }

    public ActorCell Cell { get; }

    public override ActorPath Path { get; }

    public override int Uid => _uid;

    public override bool IsTerminated => Cell.IsTerminated;

    public override void Tell(object message, IActorRef? sender = null)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message), $"Cannot send a null message to {Path}.");
        }

        Cell.Post(message, sender ?? ActorCell.Current?.SelfRef);
    }

    public override void SendSystemMessage(SystemMessage message) => Cell.SendSystemMessage(message);
}
