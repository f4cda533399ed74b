using ActorWarden.Cluster.Placement;
using ActorWarden.Cluster.Status;
using ActorWarden.Cluster.Tests.Placement;
using ActorWarden.Config;

namespace ActorWarden.Cluster.Tests.Status;

/// <summary>Every node answers for the cluster: its own rows under their farms, merged with the other nodes' answers.</summary>
public sealed class ClusterStatusViewTests
{
    private static readonly PlacementPlan Plan = new(new WardenSettings
    {
        Cluster = new ClusterSpec { Enabled = true },
        Services = [new ServiceSpec { Name = "web", Command = "/bin/web", Instances = 4, Placement = ActorWarden.Config.Placement.Cluster }],
        Groups = [new GroupSpec { Name = "web", Members = ["web"], Implicit = true }],
    });

    [Fact]
    public void A_node_shows_its_hosted_instances_under_the_farms_group_once()
    {
        var local = Status(
            [new GroupStatus("web-1", "one-for-one", ["web-1"], true), new GroupStatus("web-3", "one-for-one", ["web-3"], true)],
            [PlacementPlanTests.Row("web-1", "web-1"), PlacementPlanTests.Row("web-3", "web-3")]);

        var node = ClusterStatusView.AsNode(local, Plan, "127.0.0.1:4053");

        node.Groups.Should().ContainSingle().Which.Should().Be(new GroupStatus("web", "one-for-one", ["web"], true) with { Services = node.Groups[0].Services });
        node.Groups[0].Services.Should().Equal("web");
        node.Instances.Select(i => (i.Name, i.Service, i.Node)).Should().Equal(("web-1", "web", "127.0.0.1:4053"), ("web-3", "web", "127.0.0.1:4053"));
    }

    [Fact]
    public void The_merge_lists_every_nodes_instances_in_node_order_with_the_member_list()
    {
        var a = ClusterStatusView.AsNode(Status([new GroupStatus("web-1", "one-for-one", ["web-1"], true)], [PlacementPlanTests.Row("web-1", "web-1")]), Plan, "a:1");
        var b = ClusterStatusView.AsNode(Status([new GroupStatus("web-2", "one-for-one", ["web-2"], true)], [PlacementPlanTests.Row("web-2", "web-2")]), Plan, "b:1");
        var nodes = new[] { new ClusterNodeStatus("a:1", "up", true, true, true), new ClusterNodeStatus("b:1", "up", true, false, true) };

        var merged = ClusterStatusView.Merge(a, [b], nodes);

        merged.Instances.Select(i => (i.Name, i.Node)).Should().Equal(("web-1", "a:1"), ("web-2", "b:1"));
        merged.Groups.Select(g => g.Name).Should().Equal("web");
        merged.Nodes.Should().Equal(nodes);
    }

    [Fact]
    public void A_nodes_status_crosses_the_network_as_json_and_comes_back_equal()
    {
        var status = ClusterStatusView.AsNode(Status([new GroupStatus("web-1", "one-for-one", ["web-1"], true)], [PlacementPlanTests.Row("web-1", "web-1")]), Plan, "a:1");

        var back = NodeStatusJson.Read(NodeStatusJson.Write(status));

        back.Instances.Should().BeEquivalentTo(status.Instances);
        back.Groups.Should().BeEquivalentTo(status.Groups);
        back.Uptime.Should().Be(status.Uptime);
    }

    private static WardenStatus Status(IReadOnlyList<GroupStatus> groups, IReadOnlyList<InstanceStatus> instances) =>
        new("/etc/warden.conf", TimeSpan.FromSeconds(5), groups, instances, new WardenRuntimeStats(0, 1, 2, 3));
}
