using ActorWarden.Simulation.Clustering;
using ActorWarden.Simulation.Scenarios;
using static ActorWarden.Simulation.Tests.Clustering.ClusterSim;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary>`warden simulate` of a cluster node: the tree runs the node's own services unchanged, the cluster section follows, and the bytes repeat.</summary>
public sealed class ClusterSimulationTests
{
    private const string Scenario = """
        duration = 2m
        seed = 5
        services.db { crash-rate { mean-time-between = 20s, code = 1 } }
        services.web { stop-delay = 2s }
        cluster {
          nodes = ["127.0.0.1:4053", "127.0.0.1:4054", "127.0.0.1:4055"]
          kills = [ { at = 30s, node = "127.0.0.1:4055" } ]
          joins = [ { at = 60s, node = "127.0.0.1:4055" } ]
          partitions = [ { node = "127.0.0.1:4054", from = 90s, to = 100s } ]
        }
        """;

    [Fact]
    public void Two_runs_render_byte_identical_table_json_and_svg()
    {
        var settings = Load(NodeConfig());
        var scenario = ScenarioOf(settings, Scenario);
        var first = Simulator.Run(settings, scenario);
        var second = Simulator.Run(settings, scenario);

        first.Cluster!.Records.Should().HaveCountGreaterThan(40);
        TimelineTable.Render(second).Should().Be(TimelineTable.Render(first));
        TimelineJson.Render(second).Should().Be(TimelineJson.Render(first));
        TimelineSvg.Render(second).Should().Be(TimelineSvg.Render(first));
    }

    [Fact]
    public void The_tree_runs_the_nodes_own_services_exactly_as_a_simulation_of_them_without_a_cluster()
    {
        var settings = Load(NodeConfig());
        var withCluster = Simulator.Run(settings, ScenarioOf(settings, Scenario));
        var localOnly = ClusterSimulation.LocalPart(settings);
        var without = Simulator.Run(localOnly, ScenarioOf(localOnly, "duration = 2m\nseed = 5\nservices.db { crash-rate { mean-time-between = 20s, code = 1 } }"));

        withCluster.Layout.Services.Select(s => s.Name).Should().Equal("agent", "db");
        var table = TimelineTable.Render(withCluster);
        table.Should().StartWith(TimelineTable.Render(without) + "\nCluster: 3 nodes, downing = keep-majority, min-nodes = 1.");
        var json = TimelineJson.Render(withCluster).Split('\n');
        json.Where(l => l.Length > 0 && !l.Contains("\"event\":\"cluster-") && !l.Contains("simulation-summary"))
            .Should().Equal(TimelineJson.Render(without).Split('\n').Where(l => l.Length > 0 && !l.Contains("simulation-summary")));
    }

    [Fact]
    public void An_instance_that_ran_on_two_nodes_is_listed_in_the_table_and_in_the_json_summary()
    {
        var settings = Load(NodeConfig(web: "stop.timeout = 20s"));
        var result = Simulator.Run(settings, ScenarioOf(settings, """
            duration = 60s
            instances."web-5".stop-delay = never
            cluster { nodes = ["127.0.0.1:4053", "127.0.0.1:4054", "127.0.0.1:4055"], partitions = [ { node = "127.0.0.1:4054", from = 10s } ] }
            """));

        TimelineTable.Render(result).Should().EndWith("  ran on two nodes at once:\n    00:00:21.000  web-5 on 127.0.0.1:4055 and 127.0.0.1:4054\n");
        using var summary = System.Text.Json.JsonDocument.Parse(TimelineJson.Render(result).TrimEnd('\n').Split('\n')[^1]);
        var twice = summary.RootElement.GetProperty("cluster").GetProperty("ran_twice").EnumerateArray().Single();
        twice.GetProperty("instance").GetString().Should().Be("web-5");
        twice.GetProperty("at_ms").GetInt64().Should().Be(21_000);
    }

    [Fact]
    public void Json_lines_stay_in_time_order_and_the_summary_says_where_every_instance_ended()
    {
        var settings = Load(NodeConfig());
        var json = TimelineJson.Render(Simulator.Run(settings, ScenarioOf(settings, Scenario)));
        var lines = json.TrimEnd('\n').Split('\n');

        var times = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("ts").GetString()).ToList();
        times.Should().BeInAscendingOrder(StringComparer.Ordinal);
        lines.Should().Contain(l => l.Contains("\"event\":\"cluster-instance\",\"service\":\"web\",\"instance\":\"web-3\",\"node\":\"127.0.0.1:4053\",\"change\":\"started\",\"from\":\"127.0.0.1:4055\""));
        using var summary = System.Text.Json.JsonDocument.Parse(lines[^1]);
        var instances = summary.RootElement.GetProperty("cluster").GetProperty("instances").EnumerateArray().ToList();
        instances.Where(i => i.GetProperty("service").GetString() == "web").Should().HaveCount(12)
            .And.OnlyContain(i => i.GetProperty("nodes").GetArrayLength() == 1);
        summary.RootElement.GetProperty("cluster").GetProperty("ran_twice").GetArrayLength().Should().Be(0);
    }
}
