using System.Diagnostics;
using ActorWarden.Cluster.Tests.Functional;
using ActorWarden.Functional.Tests.Infrastructure;
using ActorWarden.TestSupport;
using Xunit.Abstractions;

namespace ActorWarden.Cluster.Tests.Partition;

/// <summary>
/// Issue 14's partition on real nodes: one node of three cut off from the others by dropping all its
/// traffic (<see cref="CgroupTrafficCut"/>) while it keeps running. Both sides run the split-brain
/// resolver: the cut-off node is the minority and downs itself, stopping its placed instances while
/// still cut off; the majority downs it and, after the removal margin, runs its instances, so none ran
/// on both sides. Checked on the processes themselves (each instance's INSTANCE_NAME in /proc), not
/// only in status.
/// </summary>
public sealed class ClusterCutOffTests
{
    private const int Isolated = 2;

    private const string Services = """
            web { placement = cluster, instances = 6, command = sleep, args = ["1000"], stop.timeout = 3s }
            agent { placement = every-node, command = sleep, args = ["1000"] }
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public ClusterCutOffTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_node_cut_off_while_running_downs_itself_and_the_majority_runs_its_instances_each_once()
    {
        await using var group = IsolationCgroup.Create();
        await using var cluster = ClusterOfThree.Start(Services, [null, null, group.Directory]);
        var observer = cluster.Nodes[0];
        var isolated = cluster.Nodes[Isolated];
        var isolatedAddress = cluster.Addresses[Isolated];
        var majority = cluster.Addresses.Where(a => a != isolatedAddress).ToList();

        var formed = await observer.WaitForAsync(
            s => Spread(s, cluster.Addresses),
            TimeSpan.FromSeconds(120),
            "6 web instances running 2/2/2 and an agent on each node");
        var cutOff = ClusterOfThree.Running(formed, "web").Where(i => i.Node == isolatedAddress).ToList();
        var isolatedAgent = ClusterOfThree.Running(formed, "agent").Single(i => i.Node == isolatedAddress).Pid;
        group.Pids().Should().Contain(cutOff.Select(i => i.Pid), "the cut-off node's instances run in its group, under its warden");
        PlacedProcesses(cluster).Select(p => p.Name).Should().BeEquivalentTo(Enumerable.Range(1, 6).Select(i => $"web-{i}"), "each instance runs once before the cut");

        var cutAt = DateTimeOffset.UtcNow;
        var cut = CgroupTrafficCut.Attach(group.Directory);
        try
        {
            var clock = Stopwatch.StartNew();

            // The minority side: its own resolver downs it, so its shard regions stop and with them its placed instances.
            await Eventually.True(() => cutOff.All(i => !Native.IsAlive(i.Pid)), "the cut-off node to stop its placed instances by itself", Bound);
            var minorityStopped = clock.Elapsed;
            var allGoneBy = DateTimeOffset.UtcNow;
            isolated.HasExited.Should().BeFalse("the cut-off warden keeps running");
            Native.IsAlive(isolatedAgent).Should().BeTrue("a downed node keeps its local (every-node) services");

            // The majority side: it downs the cut-off node and starts its instances on the two survivors.
            var after = await observer.WaitForAsync(
                s => Spread(s, majority) && s.GetProperty("nodes").EnumerateArray().All(n => n.GetProperty("address").GetString() != isolatedAddress),
                Bound,
                "the majority to down the cut-off node and run all 6 instances 3/3");
            var majorityRunning = clock.Elapsed;
            var spawned = majorityRunning - TimeSpan.FromSeconds(RunningWarden.Instances(after)
                .Where(i => cutOff.Any(c => c.Name == i.GetProperty("name").GetString()))
                .Max(i => i.GetProperty("uptime").GetDouble()));
            _output.WriteLine($"cut-off node's instances gone {minorityStopped.TotalSeconds:F1} s after the cut; first moved instance spawned on the majority at {spawned.TotalSeconds:F1} s (observed all running at {majorityRunning.TotalSeconds:F1} s)");

            // The removal margin orders the two sides: the majority started none of them before the last was gone.
            var survivors = cluster.Nodes.Where((_, i) => i != Isolated).ToList();
            var restarts = await Eventually.Value(
                () => Task.FromResult(survivors.SelectMany(n => n.Events())
                    .Where(e => e.GetProperty("event").GetString() == "started" && e.GetProperty("ts").GetDateTimeOffset() >= cutAt
                        && e.TryGetProperty("instance", out var name) && cutOff.Any(c => c.Name == name.GetString()))
                    .ToList()),
                started => started.Select(e => e.GetProperty("instance").GetString()).Distinct().Count() == cutOff.Count,
                "the survivors' events.jsonl to hold the moved instances' starts",
                Bound);
            var firstRestart = restarts.Min(e => e.GetProperty("ts").GetDateTimeOffset());
            _output.WriteLine($"last cut-off instance seen gone at +{(allGoneBy - cutAt).TotalSeconds:F2} s, first started on the majority at +{(firstRestart - cutAt).TotalSeconds:F2} s");
            allGoneBy.Should().BeBefore(firstRestart, "the cut-off node stops its instances before the majority starts them (removal-margin)");

            var running = PlacedProcesses(cluster);
            running.Select(p => p.Name).Should().BeEquivalentTo(Enumerable.Range(1, 6).Select(i => $"web-{i}"), "after convergence each instance runs exactly once, as processes");
            running.Should().NotContain(p => p.Node == Isolated);
            group.Pids().Should().NotContain(running.Select(p => p.Pid));
        }
        finally
        {
            cut.Dispose();
        }

        // Healed: the downed node answers again, runs none of the cluster's instances, and does not
        // take any back (a removed incarnation cannot rejoin); still one process per instance.
        var own = await isolated.WaitForAsync(_ => true, Bound, "the healed node to answer status");
        RunningWarden.Instances(own).Where(i => i.GetProperty("service").GetString() == "web" && i.GetProperty("state").GetString() == "running")
            .Should().BeEmpty("the downed node hosts nothing of the cluster any more");
        var healed = await observer.WaitForAsync(s => Spread(s, majority), Bound, "the majority to keep all 6 instances once the cut heals");
        ClusterOfThree.Running(healed, "web").Select(i => i.Name).Should().OnlyHaveUniqueItems().And.HaveCount(6);
        PlacedProcesses(cluster).Select(p => p.Name).Should().BeEquivalentTo(Enumerable.Range(1, 6).Select(i => $"web-{i}"), "no instance runs twice once the partition has healed");
        Native.IsAlive(isolatedAgent).Should().BeTrue();
    }

    /// <summary>6 web instances running once each, evenly over exactly <paramref name="nodes"/>, and one agent per node.</summary>
    private static bool Spread(System.Text.Json.JsonElement status, IReadOnlyList<string> nodes)
    {
        var web = ClusterOfThree.Running(status, "web");
        var perNode = web.GroupBy(i => i.Node).ToDictionary(g => g.Key, g => g.Count());
        return web.Count == 6 && web.Select(i => i.Name).Distinct().Count() == 6
            && perNode.Keys.ToHashSet().SetEquals(nodes) && perNode.Values.All(n => n == 6 / nodes.Count)
            && ClusterOfThree.Running(status, "agent").Count >= nodes.Count;
    }

    /// <summary>Live processes of every node that carry a web instance's identity (INSTANCE_NAME in their environment), whatever status says.</summary>
    private static List<(string Name, int Node, int Pid)> PlacedProcesses(ClusterOfThree cluster) =>
        cluster.Nodes.SelectMany((node, index) => node.Children()
                .Select(pid => (Name: InstanceName(pid), Node: index, Pid: pid))
                .Where(p => p.Name is not null && p.Name.StartsWith("web-", StringComparison.Ordinal)))
            .Select(p => (p.Name!, p.Node, p.Pid))
            .ToList();

    private static string? InstanceName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0')
                .FirstOrDefault(v => v.StartsWith("INSTANCE_NAME=", StringComparison.Ordinal))?["INSTANCE_NAME=".Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
