namespace ActorWarden.Config;

/// <summary>
/// <c>warden.cluster</c>: whether this warden is a node of a warden cluster (Akka.Cluster), where it
/// binds and whom it joins. Off by default, and a warden with it off loads nothing of Akka.Cluster.
/// </summary>
public sealed record ClusterSpec
{
    public bool Enabled { get; init; }

    /// <summary>What the node binds and advertises; anything but loopback needs <see cref="Tls"/>.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 4053;

    /// <summary>Nodes to join, as host:port; empty = this node starts a new cluster on its own.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = Array.Empty<string>();

    /// <summary>Cluster placements begin once this many nodes are up, so the first spread is even (gated by the placement keeper, not Akka's min-nr-of-members, which would also stall a sharding coordinator that moves when a node is lost).</summary>
    public int MinNodes { get; init; } = 1;

    /// <summary>Split-brain resolver strategy: keep-majority (default), keep-oldest or down-all.</summary>
    public string Downing { get; init; } = "keep-majority";

    /// <summary>How long membership must be stable before the resolver downs unreachable nodes.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Heartbeats a node may miss (as time) before it counts as unreachable: lower fails over faster and false-downs more under load.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a node sends heartbeats to the peers it monitors, and checks which went quiet: lower detects a lost node sooner for more traffic.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a node gossips membership and, as leader, acts on it (removes downed nodes): lower converges sooner for more traffic.</summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the majority waits after downing a node before it starts that node's instances, so that a node
    /// which was only cut off has stopped them first; null = <see cref="StableAfter"/> (the resolver's own default).
    /// </summary>
    public TimeSpan? RemovalMargin { get; init; }

    public ClusterTlsSpec Tls { get; init; } = new();

    /// <summary>The node's own address as operators and status spell it: host:port.</summary>
    public string NodeAddress => $"{Hostname}:{Port}";
}

/// <summary>TLS of the node-to-node transport (DotNetty SSL with a PKCS#12 certificate).</summary>
public sealed record ClusterTlsSpec
{
    public bool Enabled { get; init; }

    /// <summary>Absolute path of the PKCS#12 (.pfx) certificate with its private key.</summary>
    public string Certificate { get; init; } = "";

    public string CertificatePassword { get; init; } = "";
}

/// <summary>Where a service's instances run when the warden is a cluster node.</summary>
public enum Placement
{
    /// <summary>On this warden, as without a cluster.</summary>
    Local,

    /// <summary>The cluster keeps exactly <c>instances</c> running, spread evenly over the nodes.</summary>
    Cluster,

    /// <summary>One instance on each node.</summary>
    EveryNode,
}

/// <summary>
/// Marks a one-instance service that hosts one instance of a cluster-placed farm on this node: its
/// process sees the farm's SERVICE, INSTANCE, INSTANCE_INDEX and PORT wherever it runs.
/// </summary>
/// <param name="Service">The farm (the configured service).</param>
/// <param name="Index">0-based position of the instance in the farm.</param>
public sealed record PlacedInstance(string Service, int Index);
