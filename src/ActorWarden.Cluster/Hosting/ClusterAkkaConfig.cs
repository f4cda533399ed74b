using System.Globalization;
using System.Text;
using HoconJsonWriter = ActorWarden.Hocon.HoconJsonWriter;
using ActorWarden.Config;
using Akka.Configuration;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Cluster.Hosting;

/// <summary>
/// The Akka settings of a cluster node, built in code from <c>warden.cluster</c> (Akka's HOCON parser
/// never reads the warden's file): the cluster provider, the remoting endpoint (TLS when configured),
/// the seed nodes, the split-brain resolver, the failure detector, and sharding kept free of any
/// persistence. They sit over the warden's own Akka config, so a single warden is unchanged.
/// </summary>
public static class ClusterAkkaConfig
{
    /// <summary>The actor system's name on every node; seed addresses name it, so nodes of a differently named system cannot join.</summary>
    public const string SystemName = "actorwarden";

    /// <summary>
    /// How often each node re-asserts every placed instance (see <c>PlacementKeeper</c>), and so the longest
    /// wait, once a lost node's shards are released, before its instances are placed again: each second, or
    /// each gossip-interval when that is shorter (a cluster tuned to fail over fast).
    /// </summary>
    public static TimeSpan KeepAliveInterval(ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.GossipInterval < TimeSpan.FromSeconds(1) ? cluster.GossipInterval : TimeSpan.FromSeconds(1);
    }

    /// <summary><paramref name="cluster"/>'s settings over <paramref name="warden"/>'s Akka config.</summary>
    public static AkkaConfig For(ClusterSpec cluster, AkkaConfig warden)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(warden);
        return ConfigurationFactory.ParseString(Render(cluster)).WithFallback(warden);
    }

    /// <summary>The cluster section as Akka HOCON, every string quoted (shown by tests and docs).</summary>
    public static string Render(ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var seeds = string.Join(", ", cluster.SeedNodes.Select(s => Quote($"{Protocol(cluster.Tls)}://{SystemName}@{s}")));
        var text = new StringBuilder();
        text.AppendLine("akka.actor.provider = cluster");
        text.AppendLine($"akka.remote.dot-netty.tcp.hostname = {Quote(cluster.Hostname)}");
        text.AppendLine($"akka.remote.dot-netty.tcp.port = {cluster.Port.ToString(CultureInfo.InvariantCulture)}");
        if (cluster.Tls.Enabled)
        {
            text.AppendLine("akka.remote.dot-netty.tcp.enable-ssl = true");
            text.AppendLine("akka.remote.dot-netty.tcp.ssl.suppress-validation = false");
            text.AppendLine($"akka.remote.dot-netty.tcp.ssl.certificate.path = {Quote(cluster.Tls.Certificate)}");
            text.AppendLine($"akka.remote.dot-netty.tcp.ssl.certificate.password = {Quote(cluster.Tls.CertificatePassword)}");

            // Both ends show a certificate that must chain to a root the machine trusts (Akka's default
            // in 1.5.75, pinned here so a changed default cannot open the cluster): a node without the
            // cluster's certificate, or with one from another CA, fails the handshake on either side.
            text.AppendLine("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication = true");

            // No host-name check: an inbound peer has no name to check against, and the nodes of one
            // cluster may share a certificate; membership is proven by the chain, not by the name.
            text.AppendLine("akka.remote.dot-netty.tcp.ssl.validate-certificate-hostname = false");
        }

        text.AppendLine($"akka.cluster.seed-nodes = [{seeds}]");
        text.AppendLine("akka.cluster.downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\"");
        text.AppendLine($"akka.cluster.split-brain-resolver.active-strategy = {Quote(cluster.Downing)}");
        text.AppendLine($"akka.cluster.split-brain-resolver.stable-after = {Millis(cluster.StableAfter)}");
        text.AppendLine($"akka.cluster.failure-detector.acceptable-heartbeat-pause = {Millis(cluster.AcceptableHeartbeatPause)}");
        text.AppendLine($"akka.cluster.failure-detector.heartbeat-interval = {Millis(cluster.HeartbeatInterval)}");
        text.AppendLine($"akka.cluster.unreachable-nodes-reaper-interval = {Millis(cluster.HeartbeatInterval)}");
        text.AppendLine($"akka.cluster.gossip-interval = {Millis(cluster.GossipInterval)}");
        text.AppendLine($"akka.cluster.leader-actions-interval = {Millis(cluster.GossipInterval)}");

        // The resolver and sharding both wait this long after a downing before the downed node's shards
        // move: "off" lets the resolver use stable-after.
        text.AppendLine($"akka.cluster.down-removal-margin = {(cluster.RemovalMargin is { } margin ? Millis(margin) : "off")}");
        text.AppendLine("akka.cluster.log-info-verbose = off");

        // Leaving or being downed runs Akka's coordinated shutdown (the node's shard regions hand over
        // and its placed instances stop), but the actor system ends only when the warden has stopped
        // its own services in order (ShutdownCoordinator); a downed node keeps its local services.
        text.AppendLine("akka.coordinated-shutdown.terminate-actor-system = off");
        text.AppendLine("akka.coordinated-shutdown.run-by-actor-system-terminate = off");

        // Sharding places the instances; its coordinator keeps its state in distributed data (no
        // journal), nothing is durable on disk (the keeper re-asserts every instance), entities never
        // passivate, and a joining node gets its share within a few seconds.
        foreach (var section in new[] { "akka.cluster.sharding", "akka.cluster.sharded-daemon-process.sharding" })
        {
            text.AppendLine($"{section}.state-store-mode = ddata");
            text.AppendLine($"{section}.remember-entities = off");
            text.AppendLine($"{section}.distributed-data.durable.keys = []");
            text.AppendLine($"{section}.passivate-idle-entity-after = off");
            text.AppendLine($"{section}.rebalance-interval = 2s");
            text.AppendLine($"{section}.retry-interval = 1s");
            text.AppendLine($"{section}.least-shard-allocation-strategy.rebalance-absolute-limit = 1000");
            text.AppendLine($"{section}.least-shard-allocation-strategy.rebalance-relative-limit = 1.0");
        }

        return text.ToString();
    }

    /// <summary>
    /// The address protocol of the node's transport: with TLS on, Akka names its addresses
    /// <c>akka.ssl.tcp</c>, and a seed spelled <c>akka.tcp</c> has no transport to reach it.
    /// </summary>
    private static string Protocol(ClusterTlsSpec tls) => tls.Enabled ? "akka.ssl.tcp" : "akka.tcp";

    private static string Quote(string value) => HoconJsonWriter.Quote(value);

    private static string Millis(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
