using System.Text;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// The cluster section of the `warden simulate` table: the delays the model used, one row per
/// record, after each instant with changes one placement row per node, and where everything is at
/// the end. Column widths depend only on the config and the scenario, lines end with "\n".
/// </summary>
public static class ClusterTimelineTable
{
    private const string Gap = "  ";

    /// <summary>Appends the section for <paramref name="cluster"/> (a simulation of <paramref name="duration"/>).</summary>
    public static void Append(StringBuilder text, ClusterTimeline cluster, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cluster);
        var t = cluster.Timings;
        text.Append($"Cluster: {cluster.Nodes.Count} nodes, downing = {t.Downing}, min-nodes = {t.MinNodes}. A lost node is unreachable after {SimTime.Short(t.UnreachableAfter)} (heartbeat {SimTime.Short(t.HeartbeatInterval)} + acceptable-heartbeat-pause {SimTime.Short(t.AcceptableHeartbeatPause)}), downed after stable-after {SimTime.Short(t.StableAfter)}, its shards free after the removal margin {SimTime.Short(t.RemovalMargin)}, placed at the next keeper tick (every {SimTime.Short(t.KeepAliveInterval)}); rebalance every {SimTime.Short(t.RebalanceInterval)}\n");
        var timeWidth = Math.Max(4, SimTime.Clock(duration).Length);
        var nodeWidth = Math.Max(4, cluster.Nodes.Select(n => n.Length).DefaultIfEmpty(0).Max());
        const int eventWidth = 11;
        var instanceWidth = Math.Max(8, cluster.Final.Nodes.SelectMany(n => n.Instances).Select(i => i.Instance.Length)
            .Concat(cluster.Records.Select(r => r.Instance?.Length ?? 0)).DefaultIfEmpty(0).Max());
        void Line(string time, string node, string ev, string instance, string detail)
        {
            var line = new StringBuilder(160);
            line.Append(time.PadRight(timeWidth)).Append(Gap).Append(node.PadRight(nodeWidth)).Append(Gap)
                .Append(ev.PadRight(eventWidth)).Append(Gap).Append(instance.PadRight(instanceWidth)).Append(Gap).Append(detail);
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        Line("TIME", "NODE", "EVENT", "INSTANCE", "DETAIL");
        var snapshot = 0;
        foreach (var record in cluster.Records)
        {
            while (snapshot < cluster.Snapshots.Count && cluster.Snapshots[snapshot].At < record.At)
            {
                Placement(cluster.Snapshots[snapshot++], Line);
            }

            var detail = record.From is { } from ? $"from {from}; {record.Detail}" : record.Detail;
            Line(SimTime.Clock(record.At), record.Node, record.Event, record.Instance ?? "", detail);
        }

        while (snapshot < cluster.Snapshots.Count)
        {
            Placement(cluster.Snapshots[snapshot++], Line);
        }

        text.Append($"\nPlacement at the end ({SimTime.Clock(cluster.Final.At)}):\n");
        foreach (var node in cluster.Final.Nodes)
        {
            text.Append($"  {node.Node.PadRight(nodeWidth)}  {node.Status}: {Instances(node)}\n");
        }

        foreach (var (service, count) in cluster.Farms)
        {
            var running = cluster.Final.Nodes
                .Select(n => (n.Node, Count: n.Instances.Count(i => i.Service == service && i.State == "running")))
                .ToList();
            var spread = string.Join(", ", running.Where(r => r.Count > 0).Select(r => $"{r.Node} {r.Count}"));
            text.Append($"  {service}: {running.Sum(r => r.Count)} of {count} running{(spread.Length > 0 ? ": " + spread : "")}\n");
        }

        foreach (var service in cluster.EveryNode)
        {
            var nodes = cluster.Final.Nodes.Where(n => n.Instances.Any(i => i.Service == service)).Select(n => n.Node).ToList();
            text.Append($"  {service} (every-node): on {nodes.Count} node(s){(nodes.Count > 0 ? ": " + string.Join(", ", nodes) : "")}\n");
        }

        text.Append(cluster.Duplicates.Count == 0 ? "  ran on two nodes at once: never\n" : "  ran on two nodes at once:\n");
        foreach (var (at, instance, nodes) in cluster.Duplicates)
        {
            text.Append($"    {SimTime.Clock(at)}  {instance} on {string.Join(" and ", nodes)}\n");
        }
    }

    private static void Placement(PlacementSnapshot snapshot, Action<string, string, string, string, string> line)
    {
        foreach (var node in snapshot.Nodes.Where(n => n.Status != "not started"))
        {
            line(SimTime.Clock(snapshot.At), node.Node, "placement", "", $"{node.Status}: {Instances(node)}");
        }
    }

    private static string Instances(NodePlacement node) => node.Instances.Count == 0
        ? "nothing"
        : string.Join(" ", node.Instances.Select(i => i.State == "running" ? i.Instance : $"{i.Instance}({i.State})"));
}
