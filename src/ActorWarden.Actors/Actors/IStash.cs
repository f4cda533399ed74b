namespace ActorWarden.Actors;

/// <summary>
/// Lets an actor put messages aside until it is ready for them (e.g. while a process is starting) and
/// replay them later in their original order, ahead of newer messages.
/// </summary>
public interface IStash
{
    /// <summary>Sets the current message aside.</summary>
    void Stash();

    /// <summary>Replays the oldest stashed message next.</summary>
    void Unstash();

    /// <summary>Replays all stashed messages next, oldest first.</summary>
    void UnstashAll();

    /// <summary>Drops the stash and returns what it held.</summary>
    IReadOnlyList<object> ClearStash();

    /// <summary>Number of stashed messages.</summary>
    int Count { get; }
}

/// <summary>Marks an actor that needs a stash; the kernel assigns <see cref="Stash"/> before the constructor body runs its handlers.</summary>
public interface IWithUnboundedStash
{
    /// <summary>The actor's stash (set by the kernel).</summary>
    IStash Stash { get; set; }
}
