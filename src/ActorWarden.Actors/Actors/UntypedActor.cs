namespace ActorWarden.Actors;

/// <summary>An actor with a single message handler; call <see cref="ActorBase"/>'s Unhandled for messages it does not understand.</summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles one message.</summary>
    protected abstract void OnReceive(object message);

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}
