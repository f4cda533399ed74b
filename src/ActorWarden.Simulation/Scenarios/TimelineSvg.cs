using System.Globalization;
using System.Text;
using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// `warden simulate --svg`: the timeline as a picture, written by hand (no drawing package). One header
/// lane per group (group restarts, escalations to the root, the root's give-up) followed by one lane
/// per instance, coloured by state — running, starting, backoff, stopping, stopped/exited, fatal — with
/// ticks for restarts, triangles for escalations, dots for failed health checks (the directive whose cause is the health check), a time axis, a legend
/// and a dashed line where the warden would exit. Coordinates are rounded to 0.01 px in invariant
/// culture so the file is byte-identical between runs.
/// </summary>
public static class TimelineSvg
{
    private const double Width = 1200;
    private const double LabelWidth = 200;
    private const double PlotLeft = LabelWidth + 10;
    private const double PlotRight = Width - 20;
    private const double LaneHeight = 14;
    private const double LaneGap = 8;
    private const double Top = 84;

    private static readonly (ProcessState State, string Color, string Label)[] StateStyles =
    [
        (ProcessState.Running, "#2e9d4f", "running"),
        (ProcessState.Starting, "#a6dcb2", "starting"),
        (ProcessState.Backoff, "#f2a31b", "backoff"),
        (ProcessState.Stopping, "#8a8a8a", "stopping"),
        (ProcessState.Stopped, "#dcdcdc", "stopped"),
        (ProcessState.Exited, "#b9c4d0", "exited"),
        (ProcessState.Fatal, "#d62728", "fatal"),
    ];

    private const string RestartColor = "#1b1b1b";
    private const string GroupRestartColor = "#1f5fbf";
    private const string EscalationColor = "#c2185b";
    private const string HealthColor = "#7b3fb8";

    /// <summary>Renders the picture of <paramref name="result"/>.</summary>
    public static string Render(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var layout = result.Layout;
        var lanes = Lanes(layout);
        var height = Top + (lanes.Count * (LaneHeight + LaneGap)) + 50;
        var end = result.End > TimeSpan.Zero ? result.End : TimeSpan.FromSeconds(1);
        double X(TimeSpan t) => PlotLeft + ((PlotRight - PlotLeft) * Math.Clamp(t.Ticks / (double)end.Ticks, 0, 1));

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(Width)} {N(height)}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        svg.Append($"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>\n");
        var title = $"warden simulate: {Path.GetFileName(result.Settings.ConfigFile)}{(result.Scenario.Origin.Length > 0 ? " + " + Path.GetFileName(result.Scenario.Origin) : "")}, {SimTime.Short(result.End)} of virtual time, seed {result.Scenario.Seed}";
        svg.Append($"<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n");
        Legend(svg);

        var laneIndex = lanes.Select((lane, i) => (lane, i)).ToDictionary(x => x.lane.Key, x => x.i, StringComparer.Ordinal);
        double LaneY(int index) => Top + (index * (LaneHeight + LaneGap));

        var spans = StateSpans.From(result);
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            var y = LaneY(i);
            var weight = lane.IsGroup ? " font-weight=\"bold\"" : "";
            svg.Append($"<text x=\"{N(lane.IsGroup ? 10 : 22)}\" y=\"{N(y + LaneHeight - 3)}\"{weight}>{Escape(lane.Label)}</text>\n");
            if (lane.IsGroup)
            {
                svg.Append($"<line x1=\"{N(PlotLeft)}\" y1=\"{N(y + (LaneHeight / 2))}\" x2=\"{N(PlotRight)}\" y2=\"{N(y + (LaneHeight / 2))}\" stroke=\"#c8c8c8\" stroke-dasharray=\"2,3\"/>\n");
                continue;
            }

            foreach (var span in spans[lane.Key])
            {
                var x1 = X(span.From);
                var w = Math.Max(0.5, X(span.To) - x1);
                svg.Append($"<rect x=\"{N(x1)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(LaneHeight)}\" fill=\"{ColorOf(span.State)}\"><title>{Escape($"{lane.Key}: {span.State.ToString().ToLowerInvariant()} {SimTime.Clock(span.From)} - {SimTime.Clock(span.To)}")}</title></rect>\n");
            }
        }

        foreach (var e in result.Events)
        {
            Marker(svg, e, result, layout, laneIndex, X, LaneY);
        }

        if (result.WardenExitCode is { } code)
        {
            var x = X(result.End);
            svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(Top - 8)}\" x2=\"{N(x)}\" y2=\"{N(LaneY(lanes.Count))}\" stroke=\"{EscalationColor}\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>\n");
            svg.Append($"<text x=\"{N(x - 4)}\" y=\"{N(Top - 12)}\" text-anchor=\"end\" fill=\"{EscalationColor}\" font-weight=\"bold\">warden exits with {code}</text>\n");
        }

        Axis(svg, end, LaneY(lanes.Count) + 4, X);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private sealed record Lane(string Key, string Label, bool IsGroup);

    private static List<Lane> Lanes(TreeLayout layout)
    {
        var lanes = new List<Lane>();
        foreach (var group in layout.Groups)
        {
            var strategy = group.Strategy switch
            {
                GroupStrategy.OneForAll => "one-for-all",
                GroupStrategy.RestForOne => "rest-for-one",
                _ => "one-for-one",
            };
            lanes.Add(new Lane("group:" + group.Name, $"{group.Name} ({strategy})", true));
            foreach (var service in layout.MembersOf(group))
            {
                foreach (var instance in service.InstanceNames)
                {
                    lanes.Add(new Lane(instance, instance, false));
                }
            }
        }

        return lanes;
    }

    private static void Marker(
        StringBuilder svg,
        WardenEvent e,
        SimulationResult result,
        TreeLayout layout,
        Dictionary<string, int> laneIndex,
        Func<TimeSpan, double> x,
        Func<int, double> laneY)
    {
        var at = x(result.TimeOf(e));
        switch (e.Payload)
        {
            case ServiceDirectiveEvent { IsRestart: true } when e.Instance is not null && laneIndex.TryGetValue(e.Instance, out var lane):
                Tick(svg, at, laneY(lane), RestartColor, $"{e.Instance}: restart ({SimTime.Clock(result.TimeOf(e))})");
                break;
            case GroupDirectiveEvent { IsRestart: true } group:
                foreach (var service in group.Affected.Where(layout.HasService))
                {
                    foreach (var instance in layout.Service(service).InstanceNames)
                    {
                        if (laneIndex.TryGetValue(instance, out var affected))
                        {
                            Tick(svg, at, laneY(affected), GroupRestartColor, $"{instance}: restarted by group {group.Supervisor} ({SimTime.Clock(result.TimeOf(e))})");
                        }
                    }
                }

                break;
            case RootDirectiveEvent root when laneIndex.TryGetValue("group:" + root.Child, out var groupLane):
                Tick(svg, at, laneY(groupLane), GroupRestartColor, $"root: {root.Directive} group {root.Child}");
                break;
            case EscalatedEvent { Level: "service" } escalated when e.Instance is not null && laneIndex.TryGetValue(e.Instance, out var lane):
                Triangle(svg, at, laneY(lane), $"{e.Service} escalated to group {escalated.To}: {escalated.Reason}");
                break;
            case EscalatedEvent { Level: "group" } escalated when laneIndex.TryGetValue("group:" + escalated.Supervisor, out var groupLane):
                Triangle(svg, at, laneY(groupLane), $"group {escalated.Supervisor} escalated to the root: {escalated.Reason}");
                break;
            case GaveUpEvent gaveUp when laneIndex.TryGetValue("group:" + gaveUp.Group, out var groupLane):
                var y = laneY(groupLane);
                svg.Append($"<rect x=\"{N(at - 5)}\" y=\"{N(y + 2)}\" width=\"10\" height=\"10\" fill=\"#111111\"><title>{Escape($"root gave up on group {gaveUp.Group} (on-give-up = {gaveUp.Policy})")}</title></rect>\n");
                break;
            case ServiceDirectiveEvent { Cause: nameof(HealthCheckFailedException) } failed when e.Instance is not null && laneIndex.TryGetValue(e.Instance, out var lane):
                // The failure itself, not the Unhealthy notice: Akka delivers the failure (a system message) first and the
                // notice may never be seen (HealthCheckActor remarks), so the directive is the reliable mark.
                svg.Append($"<circle cx=\"{N(at)}\" cy=\"{N(laneY(lane) + (LaneHeight / 2))}\" r=\"3.5\" fill=\"{HealthColor}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{Escape($"{e.Instance}: {failed.Reason}")}</title></circle>\n");
                break;
        }
    }

    private static void Tick(StringBuilder svg, double x, double y, string color, string title) =>
        svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(y - 3)}\" x2=\"{N(x)}\" y2=\"{N(y + LaneHeight + 3)}\" stroke=\"{color}\" stroke-width=\"1.5\"><title>{Escape(title)}</title></line>\n");

    private static void Triangle(StringBuilder svg, double x, double y, string title) =>
        svg.Append($"<path d=\"M{N(x - 5)},{N(y - 6)} L{N(x + 5)},{N(y - 6)} L{N(x)},{N(y + 2)} Z\" fill=\"{EscalationColor}\"><title>{Escape(title)}</title></path>\n");

    private static void Legend(StringBuilder svg)
    {
        var x = 10.0;
        const double y = 34;
        foreach (var (_, color, label) in StateStyles)
        {
            svg.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"14\" height=\"10\" fill=\"{color}\"/><text x=\"{N(x + 18)}\" y=\"{N(y + 9)}\">{label}</text>\n");
            x += 26 + (label.Length * 6.2);
        }

        x += 10;
        svg.Append($"<line x1=\"{N(x + 6)}\" y1=\"{N(y - 2)}\" x2=\"{N(x + 6)}\" y2=\"{N(y + 12)}\" stroke=\"{RestartColor}\" stroke-width=\"1.5\"/><text x=\"{N(x + 14)}\" y=\"{N(y + 9)}\">restart</text>\n");
        x += 62;
        svg.Append($"<line x1=\"{N(x + 6)}\" y1=\"{N(y - 2)}\" x2=\"{N(x + 6)}\" y2=\"{N(y + 12)}\" stroke=\"{GroupRestartColor}\" stroke-width=\"1.5\"/><text x=\"{N(x + 14)}\" y=\"{N(y + 9)}\">group/root restart</text>\n");
        x += 128;
        svg.Append($"<path d=\"M{N(x + 1)},{N(y)} L{N(x + 11)},{N(y)} L{N(x + 6)},{N(y + 8)} Z\" fill=\"{EscalationColor}\"/><text x=\"{N(x + 16)}\" y=\"{N(y + 9)}\">escalation</text>\n");
        x += 84;
        svg.Append($"<circle cx=\"{N(x + 6)}\" cy=\"{N(y + 5)}\" r=\"3.5\" fill=\"{HealthColor}\"/><text x=\"{N(x + 14)}\" y=\"{N(y + 9)}\">health check failed</text>\n");
        x += 124;
        svg.Append($"<rect x=\"{N(x + 1)}\" y=\"{N(y)}\" width=\"10\" height=\"10\" fill=\"#111111\"/><text x=\"{N(x + 16)}\" y=\"{N(y + 9)}\">root gave up</text>\n");
    }

    private static void Axis(StringBuilder svg, TimeSpan end, double y, Func<TimeSpan, double> x)
    {
        svg.Append($"<line x1=\"{N(PlotLeft)}\" y1=\"{N(y)}\" x2=\"{N(PlotRight)}\" y2=\"{N(y)}\" stroke=\"#333333\"/>\n");
        var step = NiceStep(end);
        for (var t = TimeSpan.Zero; t <= end; t += step)
        {
            var tx = x(t);
            svg.Append($"<line x1=\"{N(tx)}\" y1=\"{N(y)}\" x2=\"{N(tx)}\" y2=\"{N(y + 5)}\" stroke=\"#333333\"/><text x=\"{N(tx)}\" y=\"{N(y + 17)}\" text-anchor=\"middle\">{Escape(SimTime.Short(t))}</text>\n");
        }

        svg.Append($"<text x=\"{N(PlotRight)}\" y=\"{N(y + 32)}\" text-anchor=\"end\" fill=\"#555555\">virtual time since the warden started</text>\n");
    }

    /// <summary>A step giving about ten ticks: 1-2-5 below a second, clock-friendly above (15 s, 30 s, 1 m, 5 m, 1 h...).</summary>
    private static TimeSpan NiceStep(TimeSpan end)
    {
        var raw = end.TotalMilliseconds / 10;
        if (raw < 1000)
        {
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1))));
            return TimeSpan.FromMilliseconds(new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw));
        }

        double[] clock = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
        var seconds = clock.FirstOrDefault(s => s * 1000 >= raw, Math.Ceiling(raw / 86_400_000) * 86400);
        return TimeSpan.FromSeconds(seconds);
    }

    private static string ColorOf(ProcessState state) => StateStyles.First(s => s.State == state).Color;

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);
}
