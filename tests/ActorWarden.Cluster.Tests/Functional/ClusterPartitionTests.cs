using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>
/// A node cut off from the others, simulated by freezing it (SIGSTOP: no heartbeats out, nothing read):
/// the majority downs it and runs its instances; once the node runs again it learns it was downed and
/// stops its placed instances, so after convergence no instance runs twice. (While it is frozen its
/// processes still run: that window is a partition's, and docs/cluster.md describes it.)
/// </summary>
public sealed class ClusterPartitionTests
{
    private const int Sigstop = 19;
    private const int Sigcont = 18;

    private const string Web = """
            web { placement = cluster, instances = 6, command = sleep, args = ["1000"], stop.timeout = 3s }
        """;

    [Fact]
    public async Task A_node_cut_off_is_downed_by_the_majority_and_stops_its_instances_when_it_runs_again()
    {
        await using var cluster = ClusterOfThree.Start(Web);
        var observer = cluster.Nodes[0];
        var formed = await observer.WaitForAsync(
            s => ClusterOfThree.Running(s, "web").Count == 6 && ClusterOfThree.Running(s, "web").GroupBy(i => i.Node).All(g => g.Count() == 2) && ClusterOfThree.Running(s, "web").Select(i => i.Node).Distinct().Count() == 3,
            TimeSpan.FromSeconds(120),
            "6 web instances running 2/2/2");
        var isolated = cluster.Nodes[2];
        var isolatedAddress = cluster.Addresses[2];
        var cutOff = ClusterOfThree.Running(formed, "web").Where(i => i.Node == isolatedAddress).ToList();

        isolated.Signal(Sigstop);
        try
        {
            await observer.WaitForAsync(
                s => ClusterOfThree.Running(s, "web").Count == 6
                    && ClusterOfThree.Running(s, "web").All(i => i.Node != isolatedAddress)
                    && s.GetProperty("nodes").EnumerateArray().All(n => n.GetProperty("address").GetString() != isolatedAddress),
                TimeSpan.FromSeconds(60),
                "the majority downed the cut-off node and runs all 6 instances");
        }
        finally
        {
            isolated.Signal(Sigcont);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (cutOff.Any(i => Native.IsAlive(i.Pid)) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        cutOff.Where(i => Native.IsAlive(i.Pid)).Should().BeEmpty("the downed node stops its placed instances once it runs again");
        var own = await isolated.StatusAsync();
        RunningWarden.Instances(own).Where(i => i.GetProperty("service").GetString() == "web" && i.GetProperty("state").GetString() == "running")
            .Should().BeEmpty("the downed node hosts nothing of the cluster any more");
        var after = await observer.StatusAsync();
        ClusterOfThree.Running(after, "web").Select(i => i.Name).Should().OnlyHaveUniqueItems().And.HaveCount(6);
    }
}
