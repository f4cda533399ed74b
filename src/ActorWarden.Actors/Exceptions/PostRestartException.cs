namespace ActorWarden.Actors;

/// <summary>The new incarnation failed in PostRestart (by default PreStart) after a restart caused by <see cref="OriginalCause"/>.</summary>
public sealed class PostRestartException : ActorInitializationException
{
    /// <summary>Creates the exception.</summary>
    public PostRestartException(IActorRef actor, Exception cause, Exception originalCause)
        : base(actor, $"exception post restart ({originalCause.GetType().Name}: {originalCause.Message})", cause)
    {
        OriginalCause = originalCause;
    }

    /// <summary>The failure that triggered the restart.</summary>
    public Exception OriginalCause { get; }
}
