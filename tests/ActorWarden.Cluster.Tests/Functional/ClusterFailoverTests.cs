using System.Diagnostics;
using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>Issue 14's acceptance on real nodes: a farm of 12 spread 4/4/4, a node killed with SIGKILL, and the node coming back.</summary>
public sealed class ClusterFailoverTests
{
    // web takes a second to stop (SIGTERM handler), so an instance handed over while still stopping would show.
    private const string Web = """
            web { placement = cluster, instances = 12, command = sh, args = ["-c", "trap 'sleep 1; exit 0' TERM; sleep 1000 & wait"], port-base = 8000, stop.timeout = 5s }
            agent { placement = every-node, command = sleep, args = ["1000"] }
        """;

    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(120);

    private readonly ITestOutputHelper _output;

    public ClusterFailoverTests(ITestOutputHelper output) => _output = output;

    /// <summary>Node 0 is the oldest, so it also hosts the sharding coordinator, which must move to a survivor.</summary>
    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 2)]
    public async Task Twelve_instances_run_once_each_spread_4_4_4_a_killed_nodes_four_run_on_the_survivors_and_move_back_when_it_returns(int killed, int observer)
    {
        await using var cluster = ClusterOfThree.Start(Web);
        var first = cluster.Nodes[observer];

        var formed = await first.WaitForAsync(s => IsSpread(s, cluster.Addresses, 12), FormTimeout, "12 web instances running 4/4/4 on three nodes");
        var before = ClusterOfThree.Running(formed, "web");
        before.Select(i => i.Name).Should().BeEquivalentTo(Enumerable.Range(1, 12).Select(i => $"web-{i}"));
        ClusterOfThree.Running(formed, "agent").Select(i => i.Node).Should().BeEquivalentTo(cluster.Addresses);
        formed.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("status").GetString()).Should().Equal("up", "up", "up");

        // Every node answers for the whole cluster.
        foreach (var node in cluster.Nodes)
        {
            var answer = await node.StatusAsync();
            ClusterOfThree.Running(answer, "web").Select(i => (i.Name, i.Node)).Should().BeEquivalentTo(before.Select(i => (i.Name, i.Node)));
        }

        var victim = cluster.Nodes[killed];
        var victimAddress = cluster.Addresses[killed];
        var orphans = before.Where(i => i.Node == victimAddress).ToList();
        orphans.Should().HaveCount(4);
        victim.Signal(9);
        var clock = Stopwatch.StartNew();

        var after = await first.WaitForAsync(
            s => IsSpreadOver(s, cluster.Addresses.Where(a => a != victimAddress).ToList(), 12),
            TimeSpan.FromSeconds(60),
            "the killed node's 4 instances running on the 2 survivors");
        var observed = clock.Elapsed;

        // When the last moved instance was spawned, from its uptime: the status poll itself (a CLI
        // process per poll) adds up to a few seconds on a loaded machine, which is not failover time.
        var moved = ClusterOfThree.Running(after, "web").Where(i => orphans.Any(o => o.Name == i.Name)).Select(i => i.Name).ToHashSet();
        var failover = observed - TimeSpan.FromSeconds(RunningWarden.Instances(after)
            .Where(i => moved.Contains(i.GetProperty("name").GetString()!))
            .Min(i => i.GetProperty("uptime").GetDouble()));
        _output.WriteLine($"failover: last moved instance spawned {failover.TotalSeconds:F1} s after the kill (observed running at {observed.TotalSeconds:F1} s)");

        ClusterOfThree.Running(after, "web").Select(i => i.Name).Should().OnlyHaveUniqueItems().And.HaveCount(12);
        orphans.Where(o => Native.IsAlive(o.Pid)).Should().BeEmpty("the killed node's placed processes die with it");
        moved.Should().HaveCount(4);
        failover.Should().BeLessThan(TimeSpan.FromSeconds(15), "issue 14: a killed node's instances run on the survivors within 15 s");

        // The node comes back: the survivors hand 4 instances over, each stopped there gracefully.
        cluster.Restart(killed);
        var back = await first.WaitForAsync(s => IsSpread(s, cluster.Addresses, 12), FormTimeout, "12 web instances running 4/4/4 again once the node is back");
        ClusterOfThree.Running(back, "web").Count(i => i.Node == victimAddress).Should().Be(4);

        // Each node writes its events.jsonl through its own writer, after the status it answers already
        // shows the change: wait until the survivors' files hold the stops and the returned node's the starts
        // (its own, not those of the incarnation that was killed, which the same file holds).
        var handedBack = ClusterOfThree.Running(back, "web").Where(i => i.Node == victimAddress).Select(i => i.Name).ToList();
        var survivors = cluster.Nodes.Where((_, i) => i != killed).ToList();
        var survivorEvents = survivors.SelectMany(n => n.Events()).ToList();
        var returnedEvents = OfLastIncarnation(cluster.Nodes[killed].Events());
        var writing = Stopwatch.StartNew();
        while (!handedBack.All(name => survivorEvents.Any(e => Is(e, name, "stopped")) && returnedEvents.Any(e => Is(e, name, "started"))) && writing.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
            survivorEvents = survivors.SelectMany(n => n.Events()).ToList();
            returnedEvents = OfLastIncarnation(cluster.Nodes[killed].Events());
        }

        survivorEvents.Count(e => IsWeb(e) && e.GetProperty("event").GetString() == "stopped").Should().BeGreaterThanOrEqualTo(4, "each instance handed back was stopped by its stop ladder");
        survivorEvents.Where(e => IsWeb(e) && e.GetProperty("event").GetString() == "killed").Should().BeEmpty("no instance needed SIGKILL to move");
        foreach (var name in handedBack)
        {
            var stoppedThere = survivorEvents.Where(e => Is(e, name, "stopped")).Select(Ts).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            var startedHere = returnedEvents.Where(e => Is(e, name, "started")).Select(Ts).Max();
            stoppedThere.Should().BeOnOrBefore(startedHere, $"{name} must be down on its old node before it starts on the returned one");
        }
    }

    private static bool Is(JsonElement e, string instance, string @event) =>
        e.GetProperty("event").GetString() == @event && e.TryGetProperty("instance", out var i) && i.GetString() == instance;

    /// <summary>The events from the last `warden-started` on: what the node's current incarnation wrote.</summary>
    private static List<JsonElement> OfLastIncarnation(IReadOnlyList<JsonElement> events)
    {
        var last = events.Select((e, index) => (e, index)).LastOrDefault(x => x.e.GetProperty("event").GetString() == "warden-started").index;
        return events.Skip(last).ToList();
    }

    private static DateTimeOffset Ts(JsonElement e) => e.GetProperty("ts").GetDateTimeOffset();

    private static bool IsWeb(JsonElement e) =>
        e.TryGetProperty("instance", out var instance) && instance.ValueKind == JsonValueKind.String && instance.GetString()!.StartsWith("web-", StringComparison.Ordinal);

    private static bool IsSpread(JsonElement status, IReadOnlyList<string> nodes, int count) => IsSpreadOver(status, nodes, count);

    /// <summary>Exactly <paramref name="count"/> web instances running, each once, spread as evenly as possible over exactly <paramref name="nodes"/>.</summary>
    private static bool IsSpreadOver(JsonElement status, IReadOnlyList<string> nodes, int count)
    {
        var running = ClusterOfThree.Running(status, "web");
        var all = RunningWarden.Instances(status).Count(i => i.GetProperty("service").GetString() == "web");
        if (running.Count != count || all != count || running.Select(i => i.Name).Distinct().Count() != count)
        {
            return false;
        }

        var perNode = running.GroupBy(i => i.Node).ToDictionary(g => g.Key, g => g.Count());
        return perNode.Keys.ToHashSet().SetEquals(nodes) && perNode.Values.All(n => n == count / nodes.Count);
    }
}
