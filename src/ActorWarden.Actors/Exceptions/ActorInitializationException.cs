namespace ActorWarden.Actors;

/// <summary>
/// An actor could not be constructed or failed in PreStart/PostRestart. Restarting usually fails the same
/// way again, so the default decider stops such an actor instead of looping.
/// </summary>
public class ActorInitializationException : Exception
{
    /// <summary>Creates the exception for <paramref name="actor"/>.</summary>
    public ActorInitializationException(IActorRef? actor, string message, Exception? cause = null)
        : base(actor is null ? message : $"{actor.Path}: {message}", cause)
    {
        Actor = actor;
    }

    /// <summary>Creates the exception without an actor (used when an actor is constructed outside Props).</summary>
    public ActorInitializationException(string message)
        : this(null, message)
    {
    }

    /// <summary>The actor that failed to initialize, when known.</summary>
    public IActorRef? Actor { get; }
}
