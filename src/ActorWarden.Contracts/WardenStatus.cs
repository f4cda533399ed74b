namespace ActorWarden.Contracts;

/// <summary>
/// The whole tree at one moment: what `warden status`, <c>GET /v1/status</c>, the status page and
/// <c>/metrics</c> render. Groups keep configuration order; instances keep start order.
/// </summary>
public sealed record WardenStatus(
    string ConfigFile,
    TimeSpan Uptime,
    IReadOnlyList<GroupStatus> Groups,
    IReadOnlyList<InstanceStatus> Instances,
    WardenRuntimeStats Runtime)
{
    /// <summary>
    /// How service trees are contained: <c>cgroup-v2</c>, <c>cgroup-v1</c>, <c>job-object</c> (Windows)
    /// or <c>none</c> (the subreaper sweep); null when the view was built without a launcher.
    /// </summary>
    public string? Containment { get; init; }

    /// <summary>The members of the cluster with their status, when the warden is a cluster node (docs/cluster.md); null (and left out of the JSON) otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ClusterNodeStatus>? Nodes { get; init; }
}

/// <summary>A group supervisor with its strategy, so operators see which policy governs which services.</summary>
public sealed record GroupStatus(string Name, string Strategy, IReadOnlyList<string> Services, bool Implicit);

/// <summary>Health of the warden itself (not its children): what an operator checks when the warden seems slow.</summary>
public sealed record WardenRuntimeStats(long DeadLetters, long ManagedHeapBytes, long RssBytes, int Threads)
{
    /// <summary>
    /// Bytes allocated on the managed heap since the warden started. Read against the restarts counter it tells
    /// what a restart allocates, which the garbage collector then pays for on the warden's own threads.
    /// </summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Garbage collections since the warden started, by generation (0, 1, 2).</summary>
    public IReadOnlyList<int> Collections { get; init; } = [];

    /// <summary>The warden's own CPU and allocations by stage, when <c>warden.diagnostics.stage-costs</c> is on; null otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StageCost>? Stages { get; init; }
}

/// <summary>
/// One stage of the warden's own work since it started: CPU time and bytes allocated while it was the
/// innermost open stage on its thread, and how often it was entered. Read against the restarts counter it
/// tells what each stage of a restart costs.
/// </summary>
public sealed record StageCost(string Stage, long CpuNanoseconds, long AllocatedBytes, long Entries);
