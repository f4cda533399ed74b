namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// <c>scenario.cluster</c>: the machines of a warden cluster and what happens to them on the virtual
/// clock. The nodes listed in <see cref="Nodes"/> are up at 0 s, in that order (the first is the
/// oldest member); the events are what an operator or the network does to them later.
/// </summary>
public sealed record ClusterScenario
{
    /// <summary>The members at 0 s, as host:port, oldest first.</summary>
    public required IReadOnlyList<string> Nodes { get; init; }

    /// <summary>A node's warden is killed (kill -9, OOM, power loss of the warden): its placed processes die with it.</summary>
    public IReadOnlyList<NodeAt> Kills { get; init; } = Array.Empty<NodeAt>();

    /// <summary>A node's warden is stopped (SIGTERM, systemctl stop): it leaves the cluster first, handing its placed instances over.</summary>
    public IReadOnlyList<NodeAt> Leaves { get; init; } = Array.Empty<NodeAt>();

    /// <summary>A node's warden starts (again) and joins the cluster as a new incarnation, the youngest member.</summary>
    public IReadOnlyList<NodeAt> Joins { get; init; } = Array.Empty<NodeAt>();

    /// <summary>A node is cut off from all the others (its traffic dropped both ways) and keeps running.</summary>
    public IReadOnlyList<NodePartition> Partitions { get; init; } = Array.Empty<NodePartition>();

    /// <summary>Every node the scenario names, in order of first appearance (the initial members, then joiners).</summary>
    public IReadOnlyList<string> AllNodes => Nodes.Concat(Joins.Select(j => j.Node)).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>Something happens to <paramref name="Node"/> at <paramref name="At"/> (virtual time since start).</summary>
public sealed record NodeAt(TimeSpan At, string Node);

/// <summary><paramref name="Node"/> is cut off from every other node in [<paramref name="From"/>, <paramref name="To"/>); To = null: until the end.</summary>
public sealed record NodePartition(string Node, TimeSpan From, TimeSpan? To);
