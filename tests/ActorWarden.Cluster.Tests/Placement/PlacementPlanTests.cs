using ActorWarden.Cluster.Placement;
using ActorWarden.Config;

namespace ActorWarden.Cluster.Tests.Placement;

/// <summary>What a node's warden runs for the instances placed on it: one one-instance service per placed instance, the rest untouched.</summary>
public sealed class PlacementPlanTests
{
    private static readonly WardenSettings Settings = new()
    {
        Cluster = new ClusterSpec { Enabled = true },
        Services =
        [
            new ServiceSpec { Name = "db", Command = "/bin/db" },
            new ServiceSpec { Name = "web", Command = "/bin/web", Instances = 12, PortBase = 8000, Placement = ActorWarden.Config.Placement.Cluster },
            new ServiceSpec { Name = "agent", Command = "/bin/agent", Placement = ActorWarden.Config.Placement.EveryNode },
        ],
        Groups =
        [
            new GroupSpec { Name = "db", Members = ["db"], Implicit = true },
            new GroupSpec { Name = "web", Members = ["web"], Implicit = true, Intensity = new IntensitySpec(7, TimeSpan.FromSeconds(9)) },
            new GroupSpec { Name = "agent", Members = ["agent"], Implicit = true },
        ],
    };

    [Fact]
    public void With_nothing_placed_here_the_node_runs_its_local_and_every_node_services_only()
    {
        var local = new PlacementPlan(Settings).Compose([]);

        local.Services.Select(s => s.Name).Should().Equal("db", "agent");
        local.Groups.Select(g => g.Name).Should().Equal("db", "agent");
    }

    [Fact]
    public void Each_placed_instance_becomes_a_one_instance_service_named_like_the_instance_in_farm_order()
    {
        var plan = new PlacementPlan(Settings);

        var local = plan.Compose([new PlacedInstance("web", 9), new PlacedInstance("web", 2), new PlacedInstance("web", 2)]);

        local.Services.Select(s => s.Name).Should().Equal("db", "agent", "web-3", "web-10");
        var web3 = local.Services.Single(s => s.Name == "web-3");
        web3.Instances.Should().Be(1);
        web3.PlacedFrom.Should().Be(new PlacedInstance("web", 2));
        web3.PortBase.Should().Be(8000, "PORT = port-base + the farm index, set from PlacedFrom");
        web3.Command.Should().Be("/bin/web");
        var group = local.Groups.Single(g => g.Name == "web-3");
        group.Members.Should().Equal("web-3");
        group.Intensity.Should().Be(new IntensitySpec(7, TimeSpan.FromSeconds(9)), "the farm's implicit group policy");
    }

    [Fact]
    public void A_farm_of_one_is_placed_under_its_own_name()
    {
        var settings = Settings with { Services = [Settings.Services[1] with { Instances = 1 }], Groups = [Settings.Groups[1]] };
        var plan = new PlacementPlan(settings);

        plan.Compose([new PlacedInstance("web", 0)]).Services.Single().Name.Should().Be("web");
        plan.Find("web").Should().Be(new PlacedInstance("web", 0));
    }

    [Fact]
    public void Status_rows_of_hosted_instances_show_their_farm_and_every_row_its_node()
    {
        var plan = new PlacementPlan(Settings);
        var hosted = Row("web-3", "web-3");
        var local = Row("db", "db");

        plan.AsClusterRow(hosted, "127.0.0.1:4053").Should().Match<InstanceStatus>(r => r.Service == "web" && r.Group == "web" && r.Node == "127.0.0.1:4053");
        plan.AsClusterRow(local, "127.0.0.1:4053").Should().Match<InstanceStatus>(r => r.Service == "db" && r.Group == "db" && r.Node == "127.0.0.1:4053");
    }

    internal static InstanceStatus Row(string name, string service) =>
        new(name, service, service, "/user/warden/" + name, ProcessState.Running, 42, TimeSpan.FromSeconds(1), 0, null, null, "none", null, null);
}
