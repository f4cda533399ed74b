using System.Buffers;
using System.Text.Json;
using System.Text;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// `warden simulate --json`: every event in the wire form of the events file (<see cref="EventJson"/>,
/// timestamps on the virtual clock, which starts at <see cref="SimulationResult.Origin"/>), then one
/// line <c>{"event":"simulation-summary",…}</c>, so tools that read events.jsonl read simulations too
/// and can tell the summary apart by its event name.
/// </summary>
public static class TimelineJson
{
    /// <summary>Event name of the closing summary line.</summary>
    public const string SummaryEvent = "simulation-summary";

    /// <summary>Renders the JSON lines (each ending in "\n").</summary>
    public static string Render(SimulationResult result)
    {
        using var bytes = new MemoryStream();
        Write(result, bytes);
        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    /// <summary>Writes the JSON lines as UTF-8 to <paramref name="output"/>, in chunks of about 64 KiB.</summary>
    public static void Write(SimulationResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);

        // Cluster hook: the cluster model's lines, merged by time (the tree's events first at one instant).
        var cluster = Clustering.ClusterTimelineJson.Lines(result.Cluster, result.Origin);
        var nextCluster = 0;
        using (var lines = new EventLineBuffer(FlushAt + 4096))
        {
            foreach (var e in result.Events)
            {
                while (nextCluster < cluster.Count && cluster[nextCluster].At < result.TimeOf(e))
                {
                    lines.Add(cluster[nextCluster++].Line);
                }

                lines.Add(e);
                if (lines.Written.Length >= FlushAt)
                {
                    output.Write(lines.Written);
                    lines.Clear();
                }
            }

            while (nextCluster < cluster.Count)
            {
                lines.Add(cluster[nextCluster++].Line);
            }

            output.Write(lines.Written);
        }

        WriteSummary(result, output);
    }

    /// <summary>Size of the chunks the lines are written in.</summary>
    internal const int FlushAt = 64 * 1024;

    /// <summary>Writes the closing summary line and flushes <paramref name="output"/>.</summary>
    internal static void WriteSummary(SimulationResult result, Stream output)
    {
        output.Write(Encoding.UTF8.GetBytes(SummaryLine(result) + "\n"));
        output.Flush();
    }

    /// <summary>The summary as one JSON object.</summary>
    public static string SummaryLine(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var summary = SimulationSummary.From(result);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("ts", EventJson.FormatTimestamp(result.Origin + result.End));
            w.WriteString("event", SummaryEvent);
            w.WriteNumber("duration_ms", (long)result.Scenario.Duration.TotalMilliseconds);
            w.WriteNumber("simulated_ms", (long)result.End.TotalMilliseconds);
            w.WriteNumber("seed", result.Scenario.Seed);
            w.WriteNumber("processes_started", result.Spawned);
            w.WriteNumber("events", result.Events.Count);
            w.WriteStartArray("services");
            foreach (var s in summary.Services)
            {
                w.WriteStartObject();
                w.WriteString("service", s.Service);
                w.WriteString("group", s.Group);
                w.WriteNumber("restarts", s.Restarts);
                w.WriteNumber("group_restarts", s.GroupRestarts);
                w.WriteNumber("escalations", s.Escalations);
                w.WriteStartArray("final_states");
                foreach (var state in s.FinalStates)
                {
                    w.WriteStringValue(state.ToString().ToLowerInvariant());
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("escalations", summary.Escalations.Count);
            w.WriteStartArray("fatal");
            foreach (var instance in summary.FatalInstances)
            {
                w.WriteStringValue(instance);
            }

            w.WriteEndArray();
            w.WriteStartArray("missed_exits");
            foreach (var (instance, exit) in result.MissedExits)
            {
                w.WriteStartObject();
                w.WriteString("instance", instance);
                w.WriteNumber("at_ms", (long)exit.At.TotalMilliseconds);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("warden_exits", summary.WardenExitCode is not null);
            if (summary.WardenExitCode is { } code)
            {
                w.WriteNumber("warden_exit_code", code);
                w.WriteNumber("warden_exit_at_ms", (long)(summary.WardenExitAt ?? result.End).TotalMilliseconds);
                w.WriteString("warden_exit_reason", summary.WardenExitReason);
            }
            else
            {
                w.WriteNull("warden_exit_code");
            }

            if (result.Cluster is { } cluster)
            {
                Clustering.ClusterTimelineJson.WriteSummary(w, cluster);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
