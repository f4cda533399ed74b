namespace ActorWarden.Actors;

/// <summary>
/// A parent's bookkeeping for one child: identity, creation order (for rest-for-one) and the restart
/// window. The window follows Akka: the first restart opens a window of <c>withinTimeRange</c>; more than
/// <c>maxNrOfRetries</c> restarts inside it deny permission; a restart after the window closed starts a new one.
/// </summary>
public sealed class ChildRestartStats
{
    private TimeSpan? _windowStart;

    internal ChildRestartStats(LocalActorRef child, long creationOrder)
    {
        ChildRef = child;
        CreationOrder = creationOrder;
    }

    /// <summary>The child.</summary>
    public IActorRef Child => ChildRef;

    /// <summary>Restarts counted in the current window.</summary>
    public int MaxNrOfRetriesCount { get; private set; }

    /// <summary>Position among the parent's children, oldest first.</summary>
    public long CreationOrder { get; }

    internal LocalActorRef ChildRef { get; }

    internal int Uid => ChildRef.Uid;

    /// <summary>The parent asked this child to stop and is waiting for its termination.</summary>
    internal bool IsDying { get; set; }

    /// <summary>
    /// Counts a restart at monotonic time <paramref name="now"/> and says whether it is allowed.
    /// <paramref name="maxNrOfRetries"/> below 0 means unlimited; a null or non-positive window means "ever".
    /// </summary>
    public bool RequestRestartPermission(TimeSpan now, int maxNrOfRetries, TimeSpan? withinTimeRange)
    {
        if (maxNrOfRetries == 0)
        {
            return false;
        }

        var retriesDefined = maxNrOfRetries > 0;
        var windowDefined = withinTimeRange is { } w && w > TimeSpan.Zero && w != Timeout.InfiniteTimeSpan;
        if (retriesDefined && !windowDefined)
        {
            MaxNrOfRetriesCount++;
            return MaxNrOfRetriesCount <= maxNrOfRetries;
        }

        if (!windowDefined)
        {
            return true;
        }

        var retries = retriesDefined ? maxNrOfRetries : 1;
        var windowStart = _windowStart ??= now;
        if (now - windowStart <= withinTimeRange!.Value)
        {
            MaxNrOfRetriesCount++;
            return MaxNrOfRetriesCount <= retries;
        }

        MaxNrOfRetriesCount = 1;
        _windowStart = now;
        return true;
    }
}
