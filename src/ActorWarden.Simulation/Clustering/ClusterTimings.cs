using ActorWarden.Config;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// The delays the cluster model applies, taken from <c>warden.cluster</c> and from the fixed settings
/// the warden gives Akka (src/ActorWarden.Cluster/Hosting/ClusterAkkaConfig.cs), so a simulation
/// follows the configured failure detector and split-brain resolver.
/// </summary>
/// <param name="HeartbeatInterval">warden.cluster.heartbeat-interval: the failure detector's heartbeat interval.</param>
/// <param name="AcceptableHeartbeatPause">warden.cluster.acceptable-heartbeat-pause.</param>
/// <param name="StableAfter">warden.cluster.stable-after: how long reachability must stay unchanged before the resolver decides.</param>
/// <param name="RemovalMargin">How long sharding waits after a downed node is removed before its shards are free: warden.cluster.removal-margin, or stable-after when it is null (the resolver's own default).</param>
/// <param name="KeepAliveInterval">The placement keeper's tick (ClusterAkkaConfig.KeepAliveInterval): a free shard is allocated, and its instance started, at the next tick; a second, or gossip-interval when shorter.</param>
/// <param name="RebalanceInterval">Sharding's rebalance-interval as the warden sets it (2 s).</param>
/// <param name="MinNodes">warden.cluster.min-nodes: placement begins once this many members are up.</param>
/// <param name="Downing">warden.cluster.downing: keep-majority, keep-oldest or down-all.</param>
public sealed record ClusterTimings(
    TimeSpan HeartbeatInterval,
    TimeSpan AcceptableHeartbeatPause,
    TimeSpan StableAfter,
    TimeSpan RemovalMargin,
    TimeSpan KeepAliveInterval,
    TimeSpan RebalanceInterval,
    int MinNodes,
    string Downing)
{
    /// <summary>From the last heartbeat a node sent to the moment its peers mark it unreachable.</summary>
    public TimeSpan UnreachableAfter => HeartbeatInterval + AcceptableHeartbeatPause;

    /// <summary>The model's delays for <paramref name="cluster"/>.</summary>
    public static ClusterTimings From(ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new ClusterTimings(
            HeartbeatInterval: cluster.HeartbeatInterval,
            AcceptableHeartbeatPause: cluster.AcceptableHeartbeatPause,
            StableAfter: cluster.StableAfter,
            RemovalMargin: cluster.RemovalMargin ?? cluster.StableAfter,
            KeepAliveInterval: cluster.GossipInterval < TimeSpan.FromSeconds(1) ? cluster.GossipInterval : TimeSpan.FromSeconds(1),
            RebalanceInterval: TimeSpan.FromSeconds(2),
            MinNodes: cluster.MinNodes,
            Downing: cluster.Downing);
    }
}
