using ActorWarden.Config;
using ActorWarden.Simulation.Scenarios;
using static ActorWarden.Simulation.Tests.Clustering.ClusterSim;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary><c>scenario.cluster</c> is checked like the rest of a scenario: one line per problem, with file:line:column and key path.</summary>
public sealed class ClusterScenarioLoaderTests
{
    private static IReadOnlyList<string> Errors(string config, string scenario)
    {
        var settings = Load(config);
        var act = () => ScenarioLoader.Parse(scenario, "s.conf", settings);
        return act.Should().Throw<WardenConfigException>().Which.Errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void A_valid_cluster_part_binds_nodes_and_events()
    {
        var settings = Load(NodeConfig());
        var scenario = ScenarioLoader.Parse("""
            scenario.cluster {
              nodes = ["127.0.0.1:4053", "127.0.0.1:4054"]
              kills = [ { at = 10s, node = "127.0.0.1:4054" } ]
              joins = [ { at = 20s, node = "127.0.0.1:4054" }, { at = 25s, node = "10.0.0.9:4053" } ]
              partitions = [ { node = "127.0.0.1:4053", from = 30s, to = 40s } ]
            }
            """, "s.conf", settings);

        scenario.Cluster!.AllNodes.Should().Equal("127.0.0.1:4053", "127.0.0.1:4054", "10.0.0.9:4053");
        scenario.Cluster.Partitions.Should().Equal(new ActorWarden.Simulation.Clustering.NodePartition("127.0.0.1:4053", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public void Bad_nodes_unknown_nodes_and_impossible_sequences_are_each_reported_where_they_are()
    {
        Errors(NodeConfig(), """
            scenario.cluster {
              nodes = ["127.0.0.1:4053", "localhost"]
            }
            """).Should().Equal("s.conf:2:30: scenario.cluster.nodes[1]: expected host:port, e.g. \"127.0.0.1:4053\", found \"localhost\"");

        Errors(NodeConfig(), """
            scenario.cluster {
              nodes = ["127.0.0.1:4053", "127.0.0.1:4054"]
              kills = [ { at = 10s, node = "127.0.0.1:4055" } ]
            }
            """).Should().Equal("s.conf:3:13: scenario.cluster.kills[0].node: unknown node 127.0.0.1:4055; the scenario has 127.0.0.1:4053, 127.0.0.1:4054 (a new node enters through joins)");

        Errors(NodeConfig(), """
            scenario.cluster {
              nodes = ["127.0.0.1:4053", "127.0.0.1:4054"]
              kills = [ { at = 10s, node = "127.0.0.1:4054" }, { at = 12s, node = "127.0.0.1:4054" } ]
              joins = [ { at = 5s, node = "127.0.0.1:4053" } ]
            }
            """).Should().Equal(
                "s.conf:3:52: scenario.cluster.kills[1]: node 127.0.0.1:4054 has no running warden at 12s to kill (it was killed or stopped before, or joins later)",
                "s.conf:4:13: scenario.cluster.joins[0]: node 127.0.0.1:4053 already runs at 5s; kill it first (a node joins again as a new incarnation)");
    }

    [Fact]
    public void Missing_nodes_an_unknown_key_and_a_partition_that_ends_before_it_starts_are_reported_together()
    {
        Errors(NodeConfig(), """
            scenario.cluster {
              kill = []
              partitions = [ { node = "127.0.0.1:4053", from = 30s, to = 20s } ]
            }
            """).Should().Equal(
                "s.conf:1:18: scenario.cluster.nodes: missing: list the members at 0s as host:port, oldest first, e.g. [\"127.0.0.1:4053\", \"127.0.0.1:4054\"]",
                "s.conf:2:3: scenario.cluster.kill: unknown key 'kill'; did you mean 'kills'?",
                "s.conf:3:62: scenario.cluster.partitions[0].to: must be after from (30s)");
    }

    [Fact]
    public void A_config_without_a_cluster_cannot_be_modelled_as_one()
    {
        Errors("""warden.services.db { command = "/bin/db" }""", """scenario.cluster { nodes = ["127.0.0.1:4053"] }""")
            .Should().Equal("s.conf:1:18: scenario.cluster: the config is no cluster node (warden.cluster.enabled = off), so there is no cluster to model");
    }

    [Fact]
    public void A_cluster_placed_service_may_only_script_its_stop_delay()
    {
        Errors(NodeConfig(), """
            scenario {
              cluster { nodes = ["127.0.0.1:4053"] }
              services.web { stop-delay = 2s, crash-rate { mean-time-between = 1m } }
              instances."web-3" { exits = [ { at = 1s } ] }
            }
            """).Should().Equal(
                "s.conf:3:35: scenario.services.web.crash-rate: service 'web' is placed by the cluster (placement = cluster): the cluster model places its instances but does not run them, so only stop-delay applies",
                "s.conf:4:23: scenario.instances.web-3.exits: service 'web' is placed by the cluster (placement = cluster): the cluster model places its instances but does not run them, so only stop-delay applies");
    }
}
