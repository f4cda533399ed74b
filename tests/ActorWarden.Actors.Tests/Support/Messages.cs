using ActorWarden.Actors;

namespace ActorWarden.Actors.Tests.Support;

/// <summary>Makes the receiver throw <paramref name="Exception"/>.</summary>
public sealed record Throw(Exception Exception);

/// <summary>A numbered message, for ordering checks.</summary>
public sealed record Ping(int N);

/// <summary>Asks an actor for its message count (reply: int).</summary>
public sealed record GetCount;

/// <summary>Asks a parent to create a child (reply: the child's ref).</summary>
public sealed record CreateChild(Props Props, string Name);

/// <summary>A lifecycle hook ran in actor <paramref name="Id"/>.</summary>
public sealed record LifecycleEvent(string Id, string Hook, string? Detail = null);

/// <summary>Failures the tests throw on purpose (the default decider restarts on them).</summary>
public sealed class TestFailure(string message) : Exception(message);

/// <summary>A failure the tests map to Resume/Stop/Escalate in their own deciders.</summary>
public sealed class OtherFailure(string message) : Exception(message);

/// <summary>Asks a parent for its child named <paramref name="Name"/> (reply: the ref or Nobody).</summary>
public sealed record LookupChild(string Name);
