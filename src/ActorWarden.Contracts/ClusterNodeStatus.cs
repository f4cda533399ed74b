namespace ActorWarden.Contracts;

/// <summary>One member of a warden cluster as <c>warden status</c> shows it.</summary>
/// <param name="Address">host:port, as the node binds it and as instances' <c>node</c> field names it.</param>
/// <param name="Status">Akka's member status in lower case: joining, up, leaving, exiting, down, removed, weaklyup.</param>
/// <param name="Reachable">False while the failure detector of the answering node cannot reach it.</param>
/// <param name="Self">True for the node that answered the status request.</param>
/// <param name="Answered">True when the node's instances are in the listing (it answered in time).</param>
public sealed record ClusterNodeStatus(string Address, string Status, bool Reachable, bool Self, bool Answered);
