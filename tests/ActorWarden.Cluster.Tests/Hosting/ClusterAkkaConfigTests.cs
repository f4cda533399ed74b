using ActorWarden.Cluster.Hosting;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Config;

namespace ActorWarden.Cluster.Tests.Hosting;

/// <summary>The node's Akka config is built from warden.cluster, over the warden's own Akka defaults.</summary>
public sealed class ClusterAkkaConfigTests
{
    [Fact]
    public void A_node_gets_the_cluster_provider_its_endpoint_seeds_and_the_split_brain_resolver()
    {
        var spec = new ClusterSpec
        {
            Enabled = true,
            Port = 4054,
            SeedNodes = ["127.0.0.1:4053", "127.0.0.1:4054"],
            StableAfter = TimeSpan.FromSeconds(2),
        };

        var config = ClusterAkkaConfig.For(spec, WardenAkkaConfig.Defaults);

        config.GetString("akka.actor.provider").Should().Be("cluster");
        config.GetString("akka.remote.dot-netty.tcp.hostname").Should().Be("127.0.0.1");
        config.GetInt("akka.remote.dot-netty.tcp.port").Should().Be(4054);
        config.GetStringList("akka.cluster.seed-nodes").Should().Equal("akka.tcp://actorwarden@127.0.0.1:4053", "akka.tcp://actorwarden@127.0.0.1:4054");
        config.GetString("akka.cluster.split-brain-resolver.active-strategy").Should().Be("keep-majority");
        config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after").Should().Be(TimeSpan.FromSeconds(2));
        config.GetString("akka.cluster.sharding.state-store-mode").Should().Be("ddata");
        config.GetStringList("akka.cluster.sharding.distributed-data.durable.keys").Should().BeEmpty("nothing of the cluster is kept on disk");
        config.GetString("akka.coordinated-shutdown.run-by-clr-shutdown-hook").Should().Be("off", "the warden's own Akka defaults stay underneath");
    }

    [Fact]
    public void The_failure_detector_gossip_and_removal_margin_reach_akka_and_the_margin_is_the_resolvers_by_default()
    {
        var tuned = new ClusterSpec
        {
            Enabled = true,
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            GossipInterval = TimeSpan.FromMilliseconds(200),
            RemovalMargin = TimeSpan.FromMilliseconds(1500),
        };

        var config = ClusterAkkaConfig.For(tuned, WardenAkkaConfig.Defaults);
        var plain = ClusterAkkaConfig.For(new ClusterSpec { Enabled = true }, WardenAkkaConfig.Defaults);

        config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval").Should().Be(TimeSpan.FromMilliseconds(250));
        config.GetTimeSpan("akka.cluster.unreachable-nodes-reaper-interval").Should().Be(TimeSpan.FromMilliseconds(250));
        config.GetTimeSpan("akka.cluster.gossip-interval").Should().Be(TimeSpan.FromMilliseconds(200));
        config.GetTimeSpan("akka.cluster.leader-actions-interval").Should().Be(TimeSpan.FromMilliseconds(200));
        config.GetTimeSpan("akka.cluster.down-removal-margin").Should().Be(TimeSpan.FromMilliseconds(1500));
        plain.GetString("akka.cluster.down-removal-margin").Should().Be("off", "the split-brain resolver then waits stable-after");
        plain.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval").Should().Be(TimeSpan.FromSeconds(1));
        ClusterAkkaConfig.KeepAliveInterval(tuned).Should().Be(TimeSpan.FromMilliseconds(200), "a fast-gossiping cluster re-places lost instances as often");
        ClusterAkkaConfig.KeepAliveInterval(new ClusterSpec { GossipInterval = TimeSpan.FromSeconds(5) }).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Tls_sets_the_transports_certificate()
    {
        var spec = new ClusterSpec { Enabled = true, Tls = new ClusterTlsSpec { Enabled = true, Certificate = "/etc/warden/node \"1\".pfx", CertificatePassword = "pw" } };

        var config = ClusterAkkaConfig.For(spec, WardenAkkaConfig.Defaults);

        config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl").Should().BeTrue();
        config.GetString("akka.remote.dot-netty.tcp.ssl.certificate.path").Should().Be("/etc/warden/node \"1\".pfx");
        config.GetBoolean("akka.remote.dot-netty.tcp.ssl.suppress-validation").Should().BeFalse();
        config.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication").Should().BeTrue("a node without the cluster's certificate must fail the handshake on the accepting side too");
        config.GetBoolean("akka.remote.dot-netty.tcp.ssl.validate-certificate-hostname").Should().BeFalse("an inbound peer has no name to check; the chain proves membership");
    }

    [Fact]
    public void With_tls_the_seed_nodes_are_named_by_the_ssl_transports_protocol()
    {
        var spec = new ClusterSpec
        {
            Enabled = true,
            SeedNodes = ["127.0.0.1:4053"],
            Tls = new ClusterTlsSpec { Enabled = true, Certificate = "/etc/warden/node.pfx" },
        };

        var config = ClusterAkkaConfig.For(spec, WardenAkkaConfig.Defaults);

        config.GetStringList("akka.cluster.seed-nodes").Should().Equal(["akka.ssl.tcp://actorwarden@127.0.0.1:4053"], "Akka names a TLS node's address akka.ssl.tcp and has no transport for akka.tcp then");
    }
}
