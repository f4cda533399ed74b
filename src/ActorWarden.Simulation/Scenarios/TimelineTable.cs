using System.Text;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// The plain-text timeline and summary of `warden simulate`. Column widths depend only on the config
/// and the duration (never on what happened), so two runs line up and diff cleanly; the detail column
/// is last and unpadded. Lines end with "\n" on every OS, for byte-identical output.
/// </summary>
public static class TimelineTable
{
    private const string Gap = "  ";

    /// <summary>Renders the timeline followed by the summary.</summary>
    public static string Render(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = TimelineRows.From(result);
        var timeWidth = Math.Max(4, SimTime.Clock(result.Scenario.Duration).Length);
        var pathWidth = Math.Max(4, result.Layout.Instances.Select(i => i.Path.Length).DefaultIfEmpty(0).Max());
        const int eventWidth = 15;
        const int directiveWidth = 9;
        const int delayWidth = 8;
        const int stateWidth = 8;
        var text = new StringBuilder();
        var line = new StringBuilder(256);
        void Line(string time, string path, string ev, string directive, string delay, string state, string detail)
        {
            // Padded into one reused line buffer (a day of 100 services is ~150,000 rows) and trimmed there,
            // which is what padding every column and trimming the line gives.
            line.Clear();
            PadRight(line, time, timeWidth).Append(Gap);
            PadRight(line, path, pathWidth).Append(Gap);
            PadRight(line, ev, eventWidth).Append(Gap);
            PadRight(line, directive, directiveWidth).Append(Gap);
            line.Append(' ', Math.Max(0, delayWidth - delay.Length)).Append(delay).Append(Gap);
            PadRight(line, state, stateWidth).Append(Gap);
            line.Append(detail);
            var end = line.Length;
            while (end > 0 && char.IsWhiteSpace(line[end - 1]))
            {
                end--;
            }

            text.Append(line, 0, end).Append('\n');
        }

        Line("TIME", "PATH", "EVENT", "DIRECTIVE", "DELAY", "STATE", "DETAIL");
        foreach (var row in rows)
        {
            Line(SimTime.Clock(row.At), row.Path, row.Event, row.Directive, row.Delay is { } d ? SimTime.Short(d) : "", row.State, row.Detail);
        }

        text.Append('\n');
        AppendSummary(text, result, SimulationSummary.From(result));
        if (result.Cluster is { } cluster)
        {
            text.Append('\n');
            Clustering.ClusterTimelineTable.Append(text, cluster, result.Scenario.Duration);
        }

        return text.ToString();
    }

    /// <summary>Renders only the summary block.</summary>
    public static string RenderSummary(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        AppendSummary(text, result, SimulationSummary.From(result));
        return text.ToString();
    }

    private static void AppendSummary(StringBuilder text, SimulationResult result, SimulationSummary summary)
    {
        text.Append($"Summary: {SimTime.Short(result.End)} of virtual time simulated (scenario {SimTime.Short(result.Scenario.Duration)}, seed {result.Scenario.Seed}), {result.Spawned} processes started, {result.Events.Count} events\n");
        var serviceWidth = Math.Max(7, summary.Services.Select(s => s.Service.Length).DefaultIfEmpty(0).Max());
        var groupWidth = Math.Max(5, summary.Services.Select(s => s.Group.Length).DefaultIfEmpty(0).Max());
        text.Append($"  {"SERVICE".PadRight(serviceWidth)}  {"GROUP".PadRight(groupWidth)}  RESTARTS  GROUP-RESTARTS  ESCALATIONS  FINAL\n");
        foreach (var s in summary.Services)
        {
            text.Append($"  {s.Service.PadRight(serviceWidth)}  {s.Group.PadRight(groupWidth)}  {s.Restarts,8}  {s.GroupRestarts,14}  {s.Escalations,11}  {Final(s.FinalStates)}\n");
        }

        text.Append($"  escalations: {summary.Escalations.Count}\n");
        foreach (var e in summary.Escalations)
        {
            text.Append($"    {SimTime.Clock(e.At)}  {e.Level} {e.From} -> {e.To}: {e.Reason}\n");
        }

        text.Append($"  ended fatal: {(summary.FatalInstances.Count == 0 ? "none" : string.Join(", ", summary.FatalInstances))}\n");
        foreach (var (instance, exit) in result.MissedExits)
        {
            text.Append($"  scripted exit of {instance} at {SimTime.Short(exit.At)} missed: no process was running then\n");
        }

        if (summary.WardenExitCode is { } code)
        {
            text.Append($"  warden would exit with {code} at {SimTime.Clock(summary.WardenExitAt ?? result.End)} ({summary.WardenExitReason})\n");
        }
        else if (summary.ExitPending is { } pending)
        {
            var waiting = summary.StillStopping.Count == 0 ? "" : $"; still stopping: {string.Join(", ", summary.StillStopping)}";
            text.Append($"  warden has not exited by the end although {pending}{waiting}\n");
        }
        else
        {
            text.Append("  warden keeps running\n");
        }
    }

    private static StringBuilder PadRight(StringBuilder text, string value, int width) =>
        text.Append(value).Append(' ', Math.Max(0, width - value.Length));

    private static string Final(IReadOnlyList<ProcessState> states) =>
        string.Join(", ", states.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}"));
}
