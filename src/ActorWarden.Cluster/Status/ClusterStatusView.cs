using ActorWarden.Cluster.Placement;

namespace ActorWarden.Cluster.Status;

/// <summary>The status of the whole cluster from the answers of its nodes: pure, so the merge is tested without a cluster.</summary>
public static class ClusterStatusView
{
    /// <summary>A node's own status as the cluster shows it: hosted instances under their farm, every row with the node.</summary>
    public static WardenStatus AsNode(WardenStatus local, PlacementPlan plan, string node)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(plan);
        var groups = local.Groups
            .Select(g => g.Implicit && plan.Find(g.Name) is { } placed && g.Services.SequenceEqual([g.Name])
                ? g with { Name = placed.Service, Services = [placed.Service] }
                : g)
            .DistinctBy(g => g.Name)
            .ToList();
        return local with
        {
            Groups = groups,
            Instances = local.Instances.Select(i => plan.AsClusterRow(i, node)).ToList(),
        };
    }

    /// <summary>
    /// <paramref name="self"/> (this node, already <see cref="AsNode"/>) with the instances and groups of
    /// every node that answered, and the member list. Instances keep node order, then each node's order.
    /// </summary>
    public static WardenStatus Merge(WardenStatus self, IReadOnlyList<WardenStatus> others, IReadOnlyList<ClusterNodeStatus> nodes)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(others);
        var all = new[] { self }.Concat(others).ToList();
        return self with
        {
            Groups = all.SelectMany(s => s.Groups).DistinctBy(g => g.Name).ToList(),
            Instances = all.SelectMany(s => s.Instances).ToList(),
            Nodes = nodes,
        };
    }
}
