namespace ActorWarden.Actors;

/// <summary>Equality, ordering and formatting shared by every reference: identity is path plus uid.</summary>
internal abstract class ActorRefBase : IActorRef
{
    public abstract ActorPath Path { get; }

    /// <summary>Distinguishes incarnations under the same path; 0 for special references.</summary>
    public abstract int Uid { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    public bool Equals(IActorRef? other) =>
        other is ActorRefBase o && (ReferenceEquals(this, o) || (o.Uid == Uid && o.Path.Equals(Path)));

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Path, Uid);

    public int CompareTo(IActorRef? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byPath = string.CompareOrdinal(Path.ToString(), other.Path.ToString());
        return byPath != 0 || other is not ActorRefBase o ? byPath : Uid.CompareTo(o.Uid);
    }

    public override string ToString() => Uid == 0 ? $"[{Path}]" : $"[{Path}#{Uid}]";
}

/// <summary>A reference that can also receive kernel (system) messages: watch, stop, failure handling.</summary>
internal abstract class InternalActorRef : ActorRefBase
{
    public abstract void SendSystemMessage(SystemMessage message);

    public abstract bool IsTerminated { get; }
}
