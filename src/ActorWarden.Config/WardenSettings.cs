using ActorWarden.Processes;

namespace ActorWarden.Config;

/// <summary>
/// The whole warden configuration, bound once from HOCON (user file over reference.conf) into typed
/// records so that no other code reads raw config strings. Paths are already absolute.
/// </summary>
public sealed record WardenSettings
{
    /// <summary>The config file this was bound from (absolute), or "" when built in code.</summary>
    public string ConfigFile { get; init; } = "";

    /// <summary>
    /// The resolved <c>akka</c> section (the user's file over reference.conf), rendered for Akka's own
    /// parser by <see cref="AkkaSection"/>: an operator tunes dispatchers or logging in the
    /// same file, and Akka never parses the file itself.
    /// </summary>
    public string AkkaHocon { get; init; } = "{}";

    public string Name { get; init; } = "warden";

    /// <summary>Absolute folder that relative paths were resolved against.</summary>
    public string BaseDirectory { get; init; } = "";

    /// <summary>Absolute path of the JSON-lines event log, or null when the file is off.</summary>
    public string? EventsFile { get; init; }

    public string LogsDirectory { get; init; } = "";

    public string StateFile { get; init; } = "";

    public OrphanPolicy Orphans { get; init; } = OrphanPolicy.Kill;

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>warden.diagnostics.stage-costs: split the warden's own CPU and allocations by stage (benchmarks; off by default).</summary>
    public bool StageCosts { get; init; }

    /// <summary>How service trees are contained: control groups (v2 preferred) or the subreaper sweep.</summary>
    public ContainmentSetting Containment { get; init; } = ContainmentSetting.Auto;

    public RootSpec Root { get; init; } = new();

    public ControlHttpSpec Control { get; init; } = new();

    /// <summary>warden.cluster: this warden as a node of a warden cluster (off by default).</summary>
    public ClusterSpec Cluster { get; init; } = new();

    /// <summary>Services in configuration order.</summary>
    public IReadOnlyList<ServiceSpec> Services { get; init; } = Array.Empty<ServiceSpec>();

    /// <summary>Explicit groups followed by one implicit group per ungrouped service, in configuration order.</summary>
    public IReadOnlyList<GroupSpec> Groups { get; init; } = Array.Empty<GroupSpec>();
}
