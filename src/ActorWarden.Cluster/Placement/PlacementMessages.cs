using ActorWarden.Config;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// To a farm's shard region: "instance <paramref name="Instance"/> should exist". Sent by every node's
/// keeper each second; sharding starts the entity on the node its shard is allocated to, which then
/// hosts the instance. Crosses the network.
/// </summary>
public sealed record PlaceInstance(string Instance);

/// <summary>From a placed-instance entity to its node's <see cref="PlacementHost"/>: run this instance here.</summary>
public sealed record HostInstance(PlacedInstance Placed);

/// <summary>
/// From a placed-instance entity to its node's host: stop running it here. A handoff passes the entity
/// as <paramref name="Waiting"/>, which the host tells <see cref="InstanceReleased"/> once the process is down.
/// </summary>
public sealed record ReleaseInstance(PlacedInstance Placed, Akka.Actor.IActorRef? Waiting = null);

/// <summary>
/// Sharding's hand-off stop message for a placed-instance entity (a rebalance to a joining node, or its
/// node leaving): the entity stops only once its process is down, so the instance never runs twice.
/// </summary>
public sealed record HandOff
{
    public static HandOff Instance { get; } = new();
}

/// <summary>From the host to a handing-off entity: the instance's process is down on this node.</summary>
public sealed record InstanceReleased(string Instance);

/// <summary>From the node's event observer to its host: a placed instance's process started (true) or ended (false).</summary>
public sealed record InstanceProcess(string Instance, bool Alive);

/// <summary>The operator's reload through a cluster node: re-read the file, then apply it with the hosted instances.</summary>
public sealed record ReloadFromFile(Func<WardenSettings> Load);
