namespace ActorWarden.Supervision.Control;

/// <summary>
/// The whole tree at one moment: what `warden status`, <c>GET /v1/status</c>, the status page and
/// <c>/metrics</c> render. Groups keep configuration order; instances keep start order.
/// </summary>
public sealed record WardenStatus(
    string ConfigFile,
    TimeSpan Uptime,
    IReadOnlyList<GroupStatus> Groups,
    IReadOnlyList<InstanceStatus> Instances,
    WardenRuntimeStats Runtime);

/// <summary>A group supervisor with its strategy, so operators see which policy governs which services.</summary>
public sealed record GroupStatus(string Name, string Strategy, IReadOnlyList<string> Services, bool Implicit);

/// <summary>Health of the warden itself (not its children): what an operator checks when the warden seems slow.</summary>
public sealed record WardenRuntimeStats(long DeadLetters, long ManagedHeapBytes, long RssBytes, int Threads);
