using System.Collections.Concurrent;

namespace ActorWarden.Actors.Tests.Support;

/// <summary>A plain IActorRef outside any actor system that records what it is told; it outlives system termination.</summary>
public sealed class CollectingRef : IActorRef
{
    private readonly ConcurrentQueue<object> _messages = new();

    public ActorPath Path { get; } = ActorPath.Root / "collector";

    public IReadOnlyList<object> Messages => _messages.ToArray();

    public void Tell(object message, IActorRef? sender = null) => _messages.Enqueue(message);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public int CompareTo(IActorRef? other) => ReferenceEquals(this, other) ? 0 : 1;

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => 1;
}
