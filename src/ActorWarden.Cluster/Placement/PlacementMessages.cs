using ActorWarden.Supervision.Specs;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// To a farm's shard region: "instance <paramref name="Instance"/> should exist". Sent by every node's
/// keeper each second; sharding starts the entity on the node its shard is allocated to, which then
/// hosts the instance. Crosses the network.
/// </summary>
public sealed record PlaceInstance(string Instance);

/// <summary>From a placed-instance entity to its node's <see cref="PlacementHost"/>: run this instance here.</summary>
public sealed record HostInstance(PlacedInstance Placed);

/// <summary>From a placed-instance entity that is ending (handoff, node leaving) to its node's host: stop running it here.</summary>
public sealed record ReleaseInstance(PlacedInstance Placed);

/// <summary>The operator's reload through a cluster node: re-read the file, then apply it with the hosted instances.</summary>
public sealed record ReloadFromFile(Func<WardenSettings> Load);
