namespace ActorWarden.Actors;

/// <summary>
/// Kernel messages that overtake user messages: lifecycle, supervision and death watch. They form an
/// intrusive linked list (<see cref="Next"/>) so the mailbox queues them without extra allocations; an
/// instance is therefore sent exactly once.
/// </summary>
internal abstract record SystemMessage
{
    internal SystemMessage? Next;

    /// <summary>
    /// Identity, not structure: the mailbox compares queue heads with <c>==</c>, and the record's
    /// generated equality would walk the <see cref="Next"/> chain recursively — a stack overflow once
    /// tens of thousands of system messages are queued (seen with 100,000 actors stopping at once).
    /// </summary>
    public virtual bool Equals(SystemMessage? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

/// <summary>Construct the actor and run PreStart.</summary>
internal sealed record Create : SystemMessage;

/// <summary>Restart after <paramref name="Cause"/> (the supervisor decided Restart).</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>Stop processing user messages until resumed (a relative in the tree failed).</summary>
internal sealed record Suspend : SystemMessage;

/// <summary>Undo one <see cref="Suspend"/>; carries the cause when it ends this actor's own failure.</summary>
internal sealed record Resume(Exception? CausedByFailure) : SystemMessage;

/// <summary>Stop the actor (after its children).</summary>
internal sealed record Terminate : SystemMessage;

/// <summary>A child failed; the parent's strategy decides.</summary>
internal sealed record Failed(InternalActorRef Child, Exception Cause, int Uid) : SystemMessage;

/// <summary>Start watching <paramref name="Watchee"/> on behalf of <paramref name="Watcher"/>.</summary>
internal sealed record WatchRequest(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary>Stop watching.</summary>
internal sealed record UnwatchRequest(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary>A watched actor (or a child) has terminated.</summary>
internal sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed, bool AddressTerminated) : SystemMessage;

/// <summary>A continuation of an async handler, run on the actor with the original message as context.</summary>
internal sealed record AsyncContinuation(SendOrPostCallback Callback, object? State) : SystemMessage;

/// <summary>The async handler finished (successfully or not); user messages may flow again.</summary>
internal sealed record AsyncHandlerCompleted(Task Task) : SystemMessage;
