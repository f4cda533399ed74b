namespace ActorWarden.Supervision.Runtime;

/// <summary>The <see cref="StatusBoard"/>'s own periodic tick: time to refresh the RSS of every live instance.</summary>
internal sealed record RefreshRssDue
{
    public static RefreshRssDue Instance { get; } = new();
}

/// <summary>One live process whose own RSS is wanted, named by instance and pid so a late answer can be matched.</summary>
internal readonly record struct RssTarget(string Instance, int Pid);

/// <summary>
/// One RSS reading: <see cref="Bytes"/> is null when the process was gone. The pid travels with it
/// because the instance may have restarted while the batch was read; the board keeps only readings
/// whose pid is still the instance's current one.
/// </summary>
internal readonly record struct RssReading(string Instance, int Pid, long? Bytes);

/// <summary>Asks the <see cref="RssSampler"/> to read the own RSS of a batch of processes; answered with <see cref="RssReadings"/>.</summary>
internal sealed record ReadRssBatch(IReadOnlyList<RssTarget> Targets);

/// <summary>The readings of one <see cref="ReadRssBatch"/>, in the same order.</summary>
internal sealed record RssReadings(IReadOnlyList<RssReading> Readings);
