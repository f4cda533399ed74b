using ActorWarden.Simulation.Clustering;
using static ActorWarden.Simulation.Tests.Clustering.ClusterSim;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary>The cluster model: placement, failover on the configured timings, rejoin, partitions, downing, and independence from the step size.</summary>
public sealed class ClusterModelTests
{
    private const string N1 = "127.0.0.1:4053";
    private const string N2 = "127.0.0.1:4054";
    private const string N3 = "127.0.0.1:4055";

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Three_nodes_run_twelve_instances_four_each_and_the_every_node_service_once_per_node()
    {
        var timeline = Model(NodeConfig(), $"duration = 10s\ncluster {{ {ThreeNodes} }}");

        timeline.Final.Spread().Should().Equal(4, 4, 4);
        timeline.Final.Spread("agent").Should().Equal(1, 1, 1);
        timeline.Final.Nodes.SelectMany(n => n.Instances).Where(i => i.Service == "web").Select(i => i.Instance).Should().OnlyHaveUniqueItems().And.HaveCount(12);
        timeline.Records.Where(r => r.Event == "started" && r.Service == "web").Select(r => r.At).Distinct().Should().Equal(S(2));
    }

    [Fact]
    public void Placement_waits_for_min_nodes()
    {
        var timeline = Model(NodeConfig("min-nodes = 3"), $"duration = 30s\ncluster {{ nodes = [\"{N1}\", \"{N2}\"], joins = [ {{ at = 10.5s, node = \"{N3}\" }} ] }}");

        // The keeper sees 3 members at its 11 s tick and places at the next one.
        timeline.Records.Where(r => r.Event == "started" && r.Service == "web").Select(r => r.At).Distinct().Should().Equal(S(12));
        timeline.Final.Spread().Should().Equal(4, 4, 4);
    }

    [Theory]
    [InlineData("", 34, 37, 40, 41)]
    [InlineData("stable-after = 2s, acceptable-heartbeat-pause = 2s", 33, 35, 37, 38)]
    public void A_killed_node_is_unreachable_downed_and_removed_on_the_configured_timings_and_its_instances_start_on_the_survivors(string timings, double unreachable, double downed, double removed, double started)
    {
        var timeline = Model(NodeConfig(timings), $"duration = 60s\ncluster {{ {ThreeNodes}, kills = [ {{ at = 30s, node = \"{N3}\" }} ] }}");

        timeline.Single(N3, "unreachable").At.Should().Be(S(unreachable));
        timeline.Single(N3, "downed").At.Should().Be(S(downed));
        timeline.Single(N3, "removed").At.Should().Be(S(removed));
        var moved = timeline.Records.Where(r => r.Event == "started" && r.From == N3).ToList();
        moved.Select(r => r.Instance).Should().Equal("web-3", "web-6", "web-9", "web-12");
        moved.Select(r => r.At).Distinct().Should().Equal(S(started));
        timeline.Records.Where(r => r.Node == N3 && r.Event == "killed" && r.Instance is not null).Select(r => r.At).Distinct().Should().Equal(S(30));
        timeline.Final.Spread().Should().Equal(6, 6, 0);
        timeline.Final.Nodes[2].Instances.Should().Equal(new PlacedCopy("agent", "agent", "orphaned"));
        timeline.Duplicates.Should().BeEmpty();
    }

    [Fact]
    public void A_node_that_comes_back_gets_four_instances_each_stopped_on_its_old_node_before_it_starts_there()
    {
        var timeline = Model(NodeConfig(web: "stop.timeout = 5s"), $$"""
            duration = 90s
            services.web.stop-delay = 1.5s
            cluster { {{ThreeNodes}}, kills = [ { at = 10s, node = "{{N3}}" } ], joins = [ { at = 40s, node = "{{N3}}" } ] }
            """);

        timeline.Final.Spread().Should().Equal(4, 4, 4);
        var moved = timeline.Records.Where(r => r.Event == "started" && r.Node == N3 && r.At > S(40) && r.Service == "web").ToList();
        moved.Should().HaveCount(4);
        foreach (var start in moved)
        {
            var stopped = timeline.Records.Single(r => r.Event == "stopped" && r.Instance == start.Instance && r.Node == start.From);
            stopped.At.Should().BeLessThanOrEqualTo(start.At);
            timeline.Records.Single(r => r.Event == "stopping" && r.Instance == start.Instance && r.Node == start.From).At.Should().Be(stopped.At - S(1.5));
        }

        timeline.Records.Should().ContainSingle(r => r.Event == "swept" && r.Node == N3);
        timeline.Duplicates.Should().BeEmpty();
    }

    [Fact]
    public void A_node_that_is_stopped_hands_its_instances_over_before_it_leaves_and_then_stops_its_every_node_service()
    {
        var timeline = Model(NodeConfig(), $$"""
            duration = 60s
            services.web.stop-delay = 2s
            cluster { {{ThreeNodes}}, leaves = [ { at = 20s, node = "{{N3}}" } ] }
            """);

        timeline.Records.Where(r => r.Node == N3 && r.Event == "stopping" && r.Service == "web").Select(r => (r.At, r.Instance)).Should()
            .Equal((S(20), "web-3"), (S(20), "web-6"), (S(20), "web-9"), (S(20), "web-12"));
        timeline.Single(N3, "left").At.Should().Be(S(22));
        timeline.Single(N3, "stopped", "agent").At.Should().Be(S(22));
        timeline.Records.Where(r => r.Event == "started" && r.From == N3).Select(r => (r.At, r.Instance)).Should()
            .Equal((S(23), "web-3"), (S(23), "web-6"), (S(23), "web-9"), (S(23), "web-12"));
        timeline.Records.Should().NotContain(r => r.Event == "unreachable" || r.Event == "downed");
        timeline.Final.Spread().Should().Equal(6, 6, 0);
        timeline.Final.Nodes[2].Status.Should().Be("left");
        timeline.Final.Nodes[2].Instances.Should().BeEmpty();
    }

    [Fact]
    public void A_cut_off_node_is_downed_stops_its_placed_instances_and_keeps_its_every_node_service()
    {
        var timeline = Model(NodeConfig(), $"duration = 60s\ncluster {{ {ThreeNodes}, partitions = [ {{ node = \"{N2}\", from = 10s, to = 40s }} ] }}");

        timeline.Single(N2, "downed").At.Should().Be(S(17));
        timeline.Records.Where(r => r.Node == N2 && r.Event == "stopping").Select(r => r.Instance).Should().Equal("web-2", "web-5", "web-8", "web-11");
        timeline.Final.Spread().Should().Equal(6, 0, 6);
        timeline.Final.Nodes[1].Status.Should().Be("downed, removed");
        timeline.Final.Nodes[1].Instances.Should().Equal(new PlacedCopy("agent", "agent", "running"));
        timeline.Duplicates.Should().BeEmpty();
    }

    [Fact]
    public void A_partition_that_heals_before_stable_after_downs_nobody()
    {
        var timeline = Model(NodeConfig(), $"duration = 60s\ncluster {{ {ThreeNodes}, partitions = [ {{ node = \"{N2}\", from = 10s, to = 16s }} ] }}");

        timeline.Single(N2, "unreachable").At.Should().Be(S(14));
        timeline.Single(N2, "reachable").At.Should().Be(S(16));
        timeline.Records.Should().NotContain(r => r.Event == "downed" || r.Event == "stopping");
        timeline.Final.Spread().Should().Equal(4, 4, 4);
    }

    [Fact]
    public void An_instance_that_outlives_the_removal_margin_on_a_cut_off_node_is_reported_running_twice()
    {
        // web-5 ignores SIGTERM and stop.timeout (20 s) is longer than stable-after + the keeper tick.
        var timeline = Model(NodeConfig(web: "stop.timeout = 20s"), $$"""
            duration = 60s
            instances."web-5".stop-delay = never
            cluster { {{ThreeNodes}}, partitions = [ { node = "{{N2}}", from = 10s } ] }
            """);

        var duplicate = timeline.Duplicates.Should().ContainSingle().Subject;
        (duplicate.At, duplicate.Instance).Should().Be((S(21), "web-5"));
        duplicate.Nodes.Should().Equal(N3, N2);
        timeline.Records.Single(r => r.Event == "stopped" && r.Instance == "web-5" && r.Node == N2).At.Should().Be(S(37));
    }

    [Fact]
    public void In_a_two_node_cluster_losing_the_lowest_address_downs_the_survivor_too_under_keep_majority()
    {
        var timeline = Model(NodeConfig(), $"duration = 60s\ncluster {{ nodes = [\"{N1}\", \"{N2}\"], kills = [ {{ at = 10s, node = \"{N1}\" }} ] }}");

        timeline.Records.Where(r => r.Event == "downed").Select(r => r.Node).Should().BeEquivalentTo(N1, N2);
        timeline.Final.Spread().Should().Equal(0, 0);
        timeline.Final.Nodes[1].Instances.Should().Equal(new PlacedCopy("agent", "agent", "running"));
    }

    [Fact]
    public void Killing_the_node_with_the_higher_address_of_two_leaves_the_other_running_everything()
    {
        var timeline = Model(NodeConfig(), $"duration = 60s\ncluster {{ nodes = [\"{N1}\", \"{N2}\"], kills = [ {{ at = 10s, node = \"{N2}\" }} ] }}");

        timeline.Final.Spread().Should().Equal(12, 0);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.999)]
    [InlineData(7)]
    [InlineData(45)]
    public void The_timeline_is_the_same_whatever_the_step_size(double stepSeconds)
    {
        var scenario = $$"""
            duration = 150s
            services.web.stop-delay = 2s
            instances."web-8".stop-delay = never
            cluster { {{ThreeNodes}}, kills = [ { at = 30s, node = "{{N3}}" } ], joins = [ { at = 60s, node = "{{N3}}" } ], partitions = [ { node = "{{N2}}", from = 90.25s, to = 120s } ] }
            """;
        var whole = Model(NodeConfig(), scenario);
        var stepped = Model(NodeConfig(), scenario, S(stepSeconds));

        stepped.Records.Should().Equal(whole.Records);
        stepped.Snapshots.Select(Render).Should().Equal(whole.Snapshots.Select(Render));
        Render(stepped.Final).Should().Be(Render(whole.Final));
        whole.Records.Should().HaveCountGreaterThan(60);
    }

    private static string Render(PlacementSnapshot s) =>
        $"{s.At}: " + string.Join(" | ", s.Nodes.Select(n => $"{n.Node} {n.Status}: {string.Join(" ", n.Instances.Select(i => i.Instance + "/" + i.State))}"));
}
