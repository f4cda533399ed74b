namespace ActorWarden.Actors;

/// <summary>
/// An actor watched <see cref="DeadActor"/> but did not handle its <see cref="Terminated"/>. Watching without
/// handling means "I cannot live without it", so the default decider stops the watcher.
/// </summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException(IActorRef deadActor)
        : base($"Monitored actor [{deadActor.Path}] terminated and the watcher did not handle Terminated.")
    {
        DeadActor = deadActor;
    }

    /// <summary>The watched actor that terminated.</summary>
    public IActorRef DeadActor { get; }
}
