using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>`warden start|stop|restart NAME` from any node reaches the node that runs NAME.</summary>
public sealed class ClusterCommandTests
{
    private const string Web = """
            web { placement = cluster, instances = 3, command = sleep, args = ["1000"], stop.timeout = 3s }
        """;

    [Fact]
    public async Task An_instance_on_another_node_is_restarted_and_the_farm_stopped_and_started_from_one_node()
    {
        await using var cluster = ClusterOfThree.Start(Web);
        var operatorNode = cluster.Nodes[0];
        var formed = await operatorNode.WaitForAsync(
            s => ClusterOfThree.Running(s, "web").Select(i => i.Node).Distinct().Count() == 3 && ClusterOfThree.Running(s, "web").Count == 3,
            TimeSpan.FromSeconds(120),
            "3 web instances running, one on each node");
        var remote = ClusterOfThree.Running(formed, "web").First(i => i.Node != cluster.Addresses[0]);

        var restart = await operatorNode.CliAsync("restart", remote.Name);

        restart.ExitCode.Should().Be(0, restart.Stderr);
        var restarted = await operatorNode.WaitForAsync(
            s => ClusterOfThree.Running(s, "web").Any(i => i.Name == remote.Name && i.Pid != remote.Pid),
            TimeSpan.FromSeconds(60),
            $"{remote.Name} running with a new pid on {remote.Node}");
        ClusterOfThree.Running(restarted, "web").Single(i => i.Name == remote.Name).Node.Should().Be(remote.Node);
        Native.IsAlive(remote.Pid).Should().BeFalse();
        var host = cluster.Nodes[cluster.Addresses.ToList().IndexOf(remote.Node)];
        var hostEvents = host.UseEventsFile(Path.Combine(host.Directory, "logs", "events.jsonl")).Events();
        hostEvents.Should().Contain(e => e.GetProperty("event").GetString() == "started", "the restart was written on the node that ran it")
            .And.OnlyContain(e => e.GetProperty("node").GetString() == remote.Node, "events carry the node");

        var stop = await operatorNode.CliAsync("stop", "web");

        stop.ExitCode.Should().Be(0, stop.Stderr);
        await operatorNode.WaitForAsync(
            s => RunningWarden.Instances(s).Count(i => i.GetProperty("service").GetString() == "web" && i.GetProperty("state").GetString() == "stopped") == 3,
            TimeSpan.FromSeconds(60),
            "every web instance stopped on every node");

        var start = await operatorNode.CliAsync("start", "web");

        start.ExitCode.Should().Be(0, start.Stderr);
        await operatorNode.WaitForAsync(s => ClusterOfThree.Running(s, "web").Count == 3, TimeSpan.FromSeconds(60), "every web instance running again");
    }
}
