using ActorWarden.Supervision.Control;
using Spectre.Console;

namespace ActorWarden.Cli.Output;

/// <summary>
/// The human view of `warden status`, one row per instance like `supervisorctl status`, with
/// colors only when stdout is a terminal so pipes and logs get plain text. The last column is the
/// description, as supervisorctl ends its rows: why an instance is not running, or the STATUS= text a
/// notify service sent.
/// </summary>
public static class StatusTable
{
    public static void Write(WardenStatus status, TextWriter writer, bool color)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!color)
        {
            // Pipes and logs have no width; never wrap a row there.
            console.Profile.Width = 240;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "INSTANCE", "GROUP", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "HEALTH", "RSS", "CPU", "TASKS", "DESCRIPTION" })
        {
            table.AddColumn(column);
        }

        foreach (var i in status.Instances)
        {
            table.AddRow(
                Markup.Escape(i.Name),
                Markup.Escape(i.Group),
                $"[{StateColor(i.State)}]{i.State.ToString().ToUpperInvariant()}[/]",
                i.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                i.Uptime is { } up ? FormatDuration(up) : "-",
                i.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                FormatExit(i),
                Markup.Escape(i.Health),
                i.RssBytes is { } rss ? FormatBytes(rss) : "-",
                i.CpuTime is { } cpu ? $"{cpu.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}s" : "-",
                i.Tasks?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(i.Description ?? string.Empty));
        }

        console.Write(table);
        var counts = status.Instances.GroupBy(i => i.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        console.WriteLine($"{Plural.Of(status.Instances.Count, "instance")}: {string.Join(", ", counts)}; warden up {FormatDuration(status.Uptime)}"
            + (status.Containment is { } containment ? $"; containment {containment}" : ""));
    }

    public static string FormatDuration(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{span.TotalSeconds:0}s";

    private static string FormatExit(InstanceStatus i) =>
        i.LastSignal is { } signal ? $"signal {signal}" : i.LastExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static string FormatBytes(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0}G" : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.0}M" : $"{bytes / 1024.0:0}K";

    private static string StateColor(ProcessState state) => state switch
    {
        ProcessState.Running => "green",
        ProcessState.Starting or ProcessState.Stopping => "yellow",
        ProcessState.Backoff => "darkorange",
        ProcessState.Fatal => "red",
        ProcessState.Exited => "grey",
        _ => "default",
    };
}
