using ActorWarden.Config;
using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Supervision.Tests.Specs;

/// <summary>warden.cluster and services.X.placement (issue 14): bound, checked, and reported with file:line:column.</summary>
public sealed class ClusterConfigTests
{
    [Fact]
    public void Without_a_cluster_block_the_warden_is_no_node_and_every_service_is_local()
    {
        using var config = new TempConfig("warden.services.web.command = /bin/true\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Cluster.Enabled.Should().BeFalse();
        settings.Cluster.Should().BeEquivalentTo(new ClusterSpec());
        settings.Services.Single().Placement.Should().Be(Placement.Local);
    }

    [Fact]
    public void The_cluster_block_and_placements_are_bound()
    {
        using var config = new TempConfig("""
            warden {
              cluster {
                enabled = on
                port = 4054
                seed-nodes = ["127.0.0.1:4053", "127.0.0.1:4054"]
                min-nodes = 3
                stable-after = 2s
              }
              services.web { placement = cluster, instances = 12, command = /bin/true }
              services.agent { placement = every-node, command = /bin/true }
            }
            """);

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Cluster.Enabled.Should().BeTrue();
        settings.Cluster.NodeAddress.Should().Be("127.0.0.1:4054");
        settings.Cluster.SeedNodes.Should().Equal("127.0.0.1:4053", "127.0.0.1:4054");
        settings.Cluster.MinNodes.Should().Be(3);
        settings.Cluster.StableAfter.Should().Be(TimeSpan.FromSeconds(2));
        settings.Cluster.Downing.Should().Be("keep-majority");
        settings.Services.Select(s => s.Placement).Should().Equal(Placement.Cluster, Placement.EveryNode);
    }

    [Fact]
    public void A_non_loopback_node_without_tls_is_refused_at_the_hostname()
    {
        using var config = new TempConfig("""
            warden {
              cluster {
                enabled = on
                hostname = "10.0.0.5"
              }
            }
            """);

        var error = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors.Single();

        error.Path.Should().Be("cluster.hostname");
        error.ToString().Should().StartWith(config.Path + ":4:").And.Contain("not loopback, without TLS");
    }

    [Fact]
    public void A_non_loopback_node_with_a_certificate_is_accepted()
    {
        using var config = new TempConfig("warden.cluster { enabled = on, hostname = \"10.0.0.5\", tls { enabled = on, certificate = node.pfx } }\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Cluster.Tls.Certificate.Should().Be(Path.Combine(config.Directory, "node.pfx"));
    }

    [Fact]
    public void Bad_cluster_values_and_placements_are_each_reported_where_they_are_written()
    {
        using var config = new TempConfig("""
            warden {
              cluster {
                enabled = on
                port = 70000
                seed-nodes = ["nohost"]
                downing = coin-toss
              }
              services.web { placement = everywhere, command = /bin/true }
              services.api { placement = cluster, depends-on = [db], command = /bin/true }
              services.db { command = /bin/true }
            }
            """);

        var errors = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "cluster.port", "cluster.seed-nodes", "cluster.downing", "services.web.placement", "services.api.placement");
        errors.Should().OnlyContain(e => e.Origin != null && e.ToString().StartsWith(config.Path + ":"));
        errors.Single(e => e.Path == "services.web.placement").Message.Should().Contain("local | cluster | every-node");
        errors.Single(e => e.Path == "services.api.placement").Message.Should().Contain("depends-on");
    }

    [Fact]
    public void Failure_detector_knobs_are_bound_and_the_removal_margin_defaults_to_stable_after()
    {
        using var tuned = new TempConfig("warden.cluster { enabled = on, heartbeat-interval = 250ms, acceptable-heartbeat-pause = 1s, gossip-interval = 200ms, removal-margin = 1500ms }\n");
        using var plain = new TempConfig("warden.cluster.enabled = on\n");

        var cluster = WardenConfigLoader.Load(tuned.Path).Cluster;
        var defaults = WardenConfigLoader.Load(plain.Path).Cluster;

        (cluster.HeartbeatInterval, cluster.GossipInterval, cluster.RemovalMargin).Should().Be((TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1500)));
        (defaults.HeartbeatInterval, defaults.GossipInterval, defaults.RemovalMargin).Should().Be((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), (TimeSpan?)null));
    }

    [Fact]
    public void A_heartbeat_interval_not_shorter_than_the_pause_and_a_non_positive_removal_margin_are_refused_where_written()
    {
        using var config = new TempConfig("""
            warden {
              cluster {
                enabled = on
                acceptable-heartbeat-pause = 1s
                heartbeat-interval = 1s
                removal-margin = 0s
                gossip-interval = -1s
              }
            }
            """);

        var errors = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        errors.Select(e => e.Path).Should().BeEquivalentTo("cluster.heartbeat-interval", "cluster.removal-margin", "cluster.gossip-interval");
        errors.Should().OnlyContain(e => e.Origin != null && e.ToString().StartsWith(config.Path + ":"));
        errors.Single(e => e.Path == "cluster.heartbeat-interval").Message.Should().Contain("shorter than acceptable-heartbeat-pause");
    }

    [Fact]
    public void Cluster_placement_without_a_cluster_is_refused()
    {
        using var config = new TempConfig("warden.services.web { placement = cluster, command = /bin/true }\n");

        var error = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors.Single();

        error.Path.Should().Be("services.web.placement");
        error.Message.Should().Contain("warden.cluster.enabled = on");
    }

    [Fact]
    public void A_placed_instance_sees_its_farms_service_instance_and_port()
    {
        var spec = new ServiceSpec { Name = "web-3", Command = "/bin/true", PortBase = 8000, PlacedFrom = new PlacedInstance("web", 2) };

        var env = InstanceEnvironment.Build(spec, new InstanceIdentity("web-3", "web-3", "web-3", 0), new Dictionary<string, string>());

        env["SERVICE"].Should().Be("web");
        env["INSTANCE"].Should().Be("3");
        env["INSTANCE_INDEX"].Should().Be("2");
        env["INSTANCE_NAME"].Should().Be("web-3");
        env["PORT"].Should().Be("8002");
    }
}
