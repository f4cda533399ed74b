using System.Buffers;
using System.Text.Json;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// The cluster's lines in `warden simulate --json`: <c>cluster-member</c> and <c>cluster-instance</c>
/// for each record and <c>cluster-placement</c> after each instant with changes, merged by time into
/// the tree's events (the tree's first at one instant), and a <c>cluster</c> object in the summary.
/// </summary>
public static class ClusterTimelineJson
{
    /// <summary>Every line of <paramref name="cluster"/>, UTF-8 with its "\n", in time order, with its time.</summary>
    public static IReadOnlyList<(TimeSpan At, byte[] Line)> Lines(ClusterTimeline? cluster, DateTimeOffset origin)
    {
        if (cluster is null)
        {
            return Array.Empty<(TimeSpan, byte[])>();
        }

        var lines = new List<(TimeSpan, byte[])>(cluster.Records.Count + cluster.Snapshots.Count);
        var snapshot = 0;
        foreach (var record in cluster.Records)
        {
            while (snapshot < cluster.Snapshots.Count && cluster.Snapshots[snapshot].At < record.At)
            {
                lines.Add(Snapshot(cluster.Snapshots[snapshot++], origin));
            }

            lines.Add((record.At, Line(w =>
            {
                w.WriteString("ts", EventJson.FormatTimestamp(origin + record.At));
                w.WriteString("event", record.Instance is null ? "cluster-member" : "cluster-instance");
                if (record.Instance is not null)
                {
                    w.WriteString("service", record.Service);
                    w.WriteString("instance", record.Instance);
                }

                w.WriteString("node", record.Node);
                w.WriteString("change", record.Event);
                if (record.From is not null)
                {
                    w.WriteString("from", record.From);
                }

                w.WriteString("detail", record.Detail);
            })));
        }

        while (snapshot < cluster.Snapshots.Count)
        {
            lines.Add(Snapshot(cluster.Snapshots[snapshot++], origin));
        }

        return lines;
    }

    /// <summary>Writes the summary's <c>cluster</c> object: the final placement per node and per instance, and any instance that ran twice.</summary>
    public static void WriteSummary(Utf8JsonWriter w, ClusterTimeline cluster)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(cluster);
        w.WriteStartObject("cluster");
        w.WritePropertyName("nodes");
        WriteNodes(w, cluster.Final);
        w.WriteStartArray("instances");
        var copies = cluster.Final.Nodes.SelectMany(n => n.Instances.Select(i => (n.Node, Copy: i))).ToList();
        foreach (var instance in copies.Select(c => (c.Copy.Service, c.Copy.Instance)).Distinct().OrderBy(x => Rank(cluster, x.Service, x.Instance)))
        {
            w.WriteStartObject();
            w.WriteString("service", instance.Service);
            w.WriteString("instance", instance.Instance);
            w.WriteStartArray("nodes");
            foreach (var (node, copy) in copies.Where(c => c.Copy.Instance == instance.Instance))
            {
                w.WriteStartObject();
                w.WriteString("node", node);
                w.WriteString("state", copy.State);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("ran_twice");
        foreach (var (at, instance, nodes) in cluster.Duplicates)
        {
            w.WriteStartObject();
            w.WriteString("instance", instance);
            w.WriteNumber("at_ms", (long)at.TotalMilliseconds);
            w.WriteStartArray("nodes");
            nodes.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static (int, int) Rank(ClusterTimeline cluster, string service, string instance)
    {
        var farm = cluster.Farms.Select(f => f.Service).ToList().IndexOf(service);
        var order = farm >= 0 ? farm : cluster.Farms.Count + cluster.EveryNode.ToList().IndexOf(service);
        var dash = instance.LastIndexOf('-');
        var index = dash > 0 && int.TryParse(instance.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (order, index);
    }

    private static (TimeSpan, byte[]) Snapshot(PlacementSnapshot snapshot, DateTimeOffset origin) => (snapshot.At, Line(w =>
    {
        w.WriteString("ts", EventJson.FormatTimestamp(origin + snapshot.At));
        w.WriteString("event", "cluster-placement");
        w.WritePropertyName("nodes");
        WriteNodes(w, snapshot);
    }));

    private static void WriteNodes(Utf8JsonWriter w, PlacementSnapshot snapshot)
    {
        w.WriteStartArray();
        foreach (var node in snapshot.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("node", node.Node);
            w.WriteString("status", node.Status);
            w.WriteStartArray("instances");
            foreach (var copy in node.Instances)
            {
                w.WriteStartObject();
                w.WriteString("service", copy.Service);
                w.WriteString("instance", copy.Instance);
                w.WriteString("state", copy.State);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static byte[] Line(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
