namespace ActorWarden.Actors;

/// <summary>
/// Names of the dispatchers an actor can ask for with <see cref="Props.WithDispatcher"/>, as in Akka.NET.
/// The default shares the thread pool with every other actor; the pinned dispatcher gives the actor a
/// thread of its own, for actors that do blocking I/O or aggregate the traffic of a whole farm and must
/// not take turns with a thousand busy peers. Under the deterministic dispatcher (simulation, tests) every
/// name runs on the virtual scheduler, so behaviour stays reproducible.
/// </summary>
public static class Dispatchers
{
    /// <summary>The shared thread-pool dispatcher.</summary>
    public const string DefaultDispatcherId = "default-dispatcher";

    /// <summary>One dedicated thread per actor, which ends when the actor has terminated.</summary>
    public const string PinnedDispatcherId = "pinned-dispatcher";

    internal static bool IsKnown(string id) => id is DefaultDispatcherId or PinnedDispatcherId;
}
