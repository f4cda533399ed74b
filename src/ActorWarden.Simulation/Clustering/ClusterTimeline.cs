namespace ActorWarden.Simulation.Clustering;

/// <summary>One thing the cluster model did: a member changed, or an instance started, stopped or moved on a node.</summary>
/// <param name="At">Virtual time since start.</param>
/// <param name="Node">The node it happened on.</param>
/// <param name="Event">up, joined, killed, cut-off, reconnected, unreachable, reachable, downed, removed, placing; or for an instance started, stopping, stopped, killed, orphaned, swept.</param>
/// <param name="Service">The service of the instance; null for a member event.</param>
/// <param name="Instance">The instance; null for a member event.</param>
/// <param name="From">For a started instance that ran elsewhere before: the node it ran on.</param>
/// <param name="Detail">Why, in words.</param>
public sealed record ClusterRecord(TimeSpan At, string Node, string Event, string? Service, string? Instance, string? From, string Detail);

/// <summary>An instance on a node in a snapshot: running, stopping (its stop ladder runs), orphaned (its warden is gone) or allocated (its shard is on a node that cannot run it).</summary>
public sealed record PlacedCopy(string Service, string Instance, string State);

/// <summary>One node in a snapshot: its member status and what runs on it, in config order.</summary>
/// <param name="Node">host:port.</param>
/// <param name="Status">up, unreachable, cut-off, downed, killed, removed.</param>
/// <param name="Instances">Its instances, cluster-placed first, then every-node.</param>
public sealed record NodePlacement(string Node, string Status, IReadOnlyList<PlacedCopy> Instances);

/// <summary>Where every instance is at one instant: taken after each instant at which something changed, and at the end.</summary>
public sealed record PlacementSnapshot(TimeSpan At, IReadOnlyList<NodePlacement> Nodes);

/// <summary>
/// Everything the cluster model produced: the records, a snapshot after every change, the final
/// placement, and the delays it applied. Renderers are pure functions of it.
/// </summary>
public sealed record ClusterTimeline
{
    public required ClusterTimings Timings { get; init; }

    /// <summary>Every node of the scenario, in order of first appearance.</summary>
    public required IReadOnlyList<string> Nodes { get; init; }

    /// <summary>The cluster-placed services with their instance counts, in config order.</summary>
    public required IReadOnlyList<(string Service, int Instances)> Farms { get; init; }

    /// <summary>The every-node services, in config order.</summary>
    public required IReadOnlyList<string> EveryNode { get; init; }

    public required IReadOnlyList<ClusterRecord> Records { get; init; }

    public required IReadOnlyList<PlacementSnapshot> Snapshots { get; init; }

    /// <summary>Where everything is when the simulation ends.</summary>
    public required PlacementSnapshot Final { get; init; }

    /// <summary>Instances that ran on two nodes at once, with when it began (an instance on a cut-off node while the majority restarted it).</summary>
    public required IReadOnlyList<(TimeSpan At, string Instance, IReadOnlyList<string> Nodes)> Duplicates { get; init; }
}
