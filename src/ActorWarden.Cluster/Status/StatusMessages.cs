namespace ActorWarden.Cluster.Status;

/// <summary>One node asks another for its own instances. Crosses the network.</summary>
public sealed record NodeStatusRequest;

/// <summary>A node's own status, as cluster rows (<see cref="Placement.PlacementPlan.AsClusterRow"/>), in the status JSON of <see cref="NodeStatusJson"/>.</summary>
public sealed record NodeStatusReply(string Node, string Json);
