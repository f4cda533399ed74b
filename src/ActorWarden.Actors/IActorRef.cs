namespace ActorWarden.Actors;

/// <summary>
/// The only way to talk to an actor: an immutable, thread-safe handle that survives restarts of the actor
/// behind it. Two references are equal when they point at the same incarnation (path and uid), so a
/// reference to a stopped actor never matches a new actor created later under the same name.
/// </summary>
public interface IActorRef : IEquatable<IActorRef>, IComparable<IActorRef>
{
    /// <summary>Where the actor sits in the tree.</summary>
    ActorPath Path { get; }

    /// <summary>Fire-and-forget send. Never throws and never blocks; undeliverable messages become dead letters.</summary>
    void Tell(object message, IActorRef? sender = null);
}

/// <summary>Well-known references, named as in Akka.NET.</summary>
public static class ActorRefs
{
    /// <summary>Use as the sender when there is none; replies then go to dead letters.</summary>
    public static readonly IActorRef? NoSender = null;

    /// <summary>A reference that points at no actor and silently drops everything sent to it.</summary>
    public static IActorRef Nobody { get; } = new NobodyActorRef();
}
