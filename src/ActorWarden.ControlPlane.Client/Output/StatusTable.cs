using System.Globalization;
using System.Text;
using ActorWarden.Contracts;

namespace ActorWarden.ControlPlane.Client.Output;

/// <summary>
/// The human view of `warden status`, one row per instance like `supervisorctl status`, with
/// colors only when stdout is a terminal so pipes and logs get plain text. The last column is the
/// description, as supervisorctl ends its rows: why an instance is not running, or the STATUS= text a
/// notify service sent. Columns are padded by hand into one buffer: a layout library took longer to
/// lay out 1,000 rows than the rest of the command (issue 15: the answer must come in well under 100 ms).
/// </summary>
public static class StatusTable
{
    private static readonly string[] Headers = ["INSTANCE", "GROUP", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "HEALTH", "RSS", "CPU", "TASKS", "DESCRIPTION"];

    /// <summary>On a cluster node the table says where each instance runs, after its group.</summary>
    private static readonly string[] ClusterHeaders = ["INSTANCE", "GROUP", "NODE", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "HEALTH", "RSS", "CPU", "TASKS", "DESCRIPTION"];
    private const string Gap = "  ";

    public static void Write(WardenStatus status, TextWriter writer, bool color)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(writer);
        // Plain loops, no LINQ over the state enum: its generic code is compiled at run time, and a
        // `warden status` process lives for well under 100 ms (issue 15).
        var clustered = status.Nodes is not null;
        var headers = clustered ? ClusterHeaders : Headers;
        var stateColumn = clustered ? 3 : 2;
        var rows = new string[status.Instances.Count][];
        var widths = new int[headers.Length];
        var width = 0;
        for (var c = 0; c < headers.Length; c++)
        {
            widths[c] = headers[c].Length;
        }

        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = Cells(status.Instances[r], clustered);
            for (var c = 0; c < widths.Length; c++)
            {
                widths[c] = Math.Max(widths[c], rows[r][c].Length);
            }
        }

        foreach (var w in widths)
        {
            width += w;
        }

        var text = new StringBuilder(capacity: (rows.Length + 3) * (width + (Gap.Length * widths.Length)));
        AppendRow(text, headers, widths, stateColumn, stateColor: null);
        text.Append('─', width + (Gap.Length * (widths.Length - 1))).Append('\n');
        for (var r = 0; r < rows.Length; r++)
        {
            AppendRow(text, rows[r], widths, stateColumn, color ? StateColor(status.Instances[r].State) : null);
        }

        text.Append(CultureInfo.InvariantCulture, $"{Plural.Of(status.Instances.Count, "instance")}: {Counts(status.Instances)}; warden up {FormatDuration(status.Uptime)}")
            .Append(status.Containment is { } containment ? $"; containment {containment}" : "")
            .Append(status.Nodes is { } nodes ? $"; {Plural.Of(nodes.Count, "node")} ({UpNodes(nodes)} up)" : "")
            .Append('\n');
        writer.Write(text.ToString());
        writer.Flush();
    }

    /// <summary>"2 running, 1 fatal": the states present, in the order of <see cref="ProcessState"/>.</summary>
    private static string Counts(IReadOnlyList<InstanceStatus> instances)
    {
        var size = 0;
        foreach (var instance in instances)
        {
            size = Math.Max(size, (int)instance.State + 1);
        }

        var counts = new int[size];
        foreach (var instance in instances)
        {
            counts[(int)instance.State]++;
        }

        var text = new StringBuilder();
        for (var state = 0; state < counts.Length; state++)
        {
            if (counts[state] > 0)
            {
                text.Append(text.Length > 0 ? ", " : "").Append(counts[state]).Append(' ').Append(((ProcessState)state).ToString().ToLowerInvariant());
            }
        }

        return text.ToString();
    }

    public static string FormatDuration(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{span.TotalSeconds:0}s";

    private static int UpNodes(IReadOnlyList<ClusterNodeStatus> nodes)
    {
        var up = 0;
        foreach (var node in nodes)
        {
            up += node.Status == "up" && node.Reachable ? 1 : 0;
        }

        return up;
    }

    private static string[] Cells(InstanceStatus i, bool clustered) => clustered
        ? [OneLine(i.Name), OneLine(i.Group), OneLine(i.Node ?? "-"), .. Cells(i)[2..]]
        : Cells(i);

    private static string[] Cells(InstanceStatus i) =>
    [
        OneLine(i.Name),
        OneLine(i.Group),
        i.State.ToString().ToUpperInvariant(),
        i.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
        i.Uptime is { } up ? FormatDuration(up) : "-",
        i.Restarts.ToString(CultureInfo.InvariantCulture),
        FormatExit(i),
        OneLine(i.Health),
        i.RssBytes is { } rss ? FormatBytes(rss) : "-",
        i.CpuTime is { } cpu ? $"{cpu.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s" : "-",
        i.Tasks?.ToString(CultureInfo.InvariantCulture) ?? "-",
        OneLine(i.Description ?? string.Empty),
    ];

    /// <summary>Pads every cell but the last; the state cell alone is colored, outside its padding.</summary>
    private static void AppendRow(StringBuilder text, string[] cells, int[] widths, int stateColumn, string? stateColor)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            var last = c == cells.Length - 1;
            if (c == stateColumn && stateColor is not null)
            {
                text.Append(stateColor).Append(cells[c]).Append("\u001b[0m");
            }
            else
            {
                text.Append(cells[c]);
            }

            if (!last)
            {
                text.Append(' ', widths[c] - cells[c].Length).Append(Gap);
            }
        }

        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        text.Append('\n');
    }

    /// <summary>A name or STATUS= text from a service must not break the table (or send escapes to the terminal).</summary>
    private static string OneLine(string value) =>
        value.Any(char.IsControl) ? new string(value.Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray()) : value;

    private static string FormatExit(InstanceStatus i) =>
        i.LastSignal is { } signal ? $"signal {signal}" : i.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string FormatBytes(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0}G" : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.0}M" : $"{bytes / 1024.0:0}K";

    private static string? StateColor(ProcessState state) => state switch
    {
        ProcessState.Running => "\u001b[32m",
        ProcessState.Starting or ProcessState.Stopping => "\u001b[33m",
        ProcessState.Backoff => "\u001b[38;5;208m",
        ProcessState.Fatal => "\u001b[31m",
        ProcessState.Exited => "\u001b[90m",
        _ => null,
    };
}
