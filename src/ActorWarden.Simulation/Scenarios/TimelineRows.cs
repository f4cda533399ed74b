using ActorWarden.Processes;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tree;
using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>One row of the timeline: an event seen from the actor it concerns.</summary>
/// <param name="At">Virtual time since the warden started.</param>
/// <param name="Path">Actor path of the instance, service supervisor, group or guardian the event is about.</param>
/// <param name="Event">Event name.</param>
/// <param name="Directive">Directive applied (directive events), else "".</param>
/// <param name="Delay">Backoff delay (restart directives and backoff events), else null.</param>
/// <param name="State">State of the instance after the event (instance events), else "".</param>
/// <param name="Detail">The rest, in words.</param>
public sealed record TimelineRow(TimeSpan At, string Path, string Event, string Directive, TimeSpan? Delay, string State, string Detail);

/// <summary>
/// Turns events into rows: which actor each event belongs to (a service-level escalation is the
/// service supervisor's act, a group restart directive is about the service it restarts), the
/// instance's state after it, and a one-line detail per event kind.
/// </summary>
public static class TimelineRows
{
    /// <summary>The rows of <paramref name="result"/>, in event order.</summary>
    public static IReadOnlyList<TimelineRow> From(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<TimelineRow>(result.Events.Count);
        foreach (var e in result.Events)
        {
            if (e.Event == EventNames.State && e.Instance is not null && TimelineFields.Text(e, "to") is { } to)
            {
                states[e.Instance] = to;
            }

            var delay = TimelineFields.Long(e, "delay_ms") is { } ms && (e.Event == EventNames.Backoff || TimelineFields.Text(e, "directive") == "restart")
                ? TimeSpan.FromMilliseconds(ms)
                : (TimeSpan?)null;
            var state = e.Instance is not null && IsInstanceRow(e) ? states.GetValueOrDefault(e.Instance, "") : "";
            rows.Add(new TimelineRow(
                result.TimeOf(e),
                PathOf(e, result.Layout),
                e.Event,
                e.Event == EventNames.Directive ? TimelineFields.Text(e, "directive") ?? "" : "",
                delay,
                state,
                Detail(e)));
        }

        return rows;
    }

    /// <summary>The actor path an event is about.</summary>
    public static string PathOf(WardenEvent e, TreeLayout layout)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(layout);
        var level = TimelineFields.Text(e, "level");
        switch (e.Event)
        {
            case EventNames.Directive when level == "root":
            case EventNames.Escalated when level == "group":
                return TreePaths.Group(TimelineFields.Text(e, "child") ?? TimelineFields.Text(e, "supervisor") ?? "");
            case EventNames.GaveUp:
                return TreePaths.Group(TimelineFields.Text(e, "group") ?? "");
            case EventNames.Escalated when e.Service is not null && layout.HasService(e.Service):
                return TreePaths.Service(layout.GroupOf(e.Service), e.Service);
        }

        if (e.Service is null || !layout.HasService(e.Service))
        {
            return TreePaths.Guardian;
        }

        var group = layout.GroupOf(e.Service);
        return e.Instance is null ? TreePaths.Service(group, e.Service) : TreePaths.Instance(group, e.Service, e.Instance);
    }

    private static bool IsInstanceRow(WardenEvent e) => !(e.Event == EventNames.Escalated || (e.Event == EventNames.Directive && TimelineFields.Text(e, "level") != "service"));

    private static string Detail(WardenEvent e)
    {
        string? F(string key) => TimelineFields.Text(e, key);
        return e.Event switch
        {
            EventNames.State => $"{F("from")} -> {F("to")}: {F("reason")}",
            EventNames.Started => $"pid {F("pid")}: {F("command")}",
            EventNames.Exited => $"pid {F("pid")}, {Exit(e)} after {Ran(e)}{(TimelineFields.Bool(e, "failed_start") ? " (failed start)" : "")}",
            EventNames.SpawnFailed => F("error") ?? "",
            EventNames.Directive when F("level") == "group" => $"{F("reason")} [{F("strategy")}: {string.Join(", ", TimelineFields.List(e, "affected"))}]",
            EventNames.Directive => F("reason") ?? "",
            EventNames.Backoff => $"attempt {F("attempt")}",
            EventNames.Escalated => $"{F("level")} {F("supervisor")} -> {F("to")}: {F("reason")}",
            EventNames.Fatal => F("reason") ?? "",
            EventNames.Stopping => $"pid {F("pid")}, {F("signal")}, kill after {SimTime.Short(TimeSpan.FromMilliseconds(TimelineFields.Long(e, "timeout_ms") ?? 0))}: {F("reason")}",
            EventNames.Stopped => $"pid {F("pid")}, {Exit(e)}",
            EventNames.Killed => $"pid {F("pid")}: {F("reason")}",
            EventNames.Health => $"{F("state")}: {F("detail")}",
            EventNames.GaveUp => $"on-give-up = {F("policy")}{(F("exit_code") is { } code ? $", exit code {code}" : "")}: {F("reason")}",
            EventNames.WardenStarted => $"{F("services")} services, {F("instances")} instances",
            EventNames.WardenReady => string.Join(", ", TimelineFields.List(e, "services")),
            EventNames.WardenStopping => F("reason") ?? "",
            EventNames.WardenStopped => $"exit code {F("exit_code")}",
            _ => string.Join(", ", e.Fields.Select(kv => $"{kv.Key}={TimelineFields.Text(e, kv.Key)}")),
        };
    }

    private static string Exit(WardenEvent e)
    {
        var code = TimelineFields.Long(e, "code");
        var signal = TimelineFields.Long(e, "signal");
        return new ProcessExit(code is { } c ? (int)c : null, signal is { } s ? (int)s : null, TimelineFields.Bool(e, "core_dumped")).ToString();
    }

    private static string Ran(WardenEvent e) => SimTime.Short(TimeSpan.FromMilliseconds(TimelineFields.Long(e, "ran_for_ms") ?? 0));
}
