using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tree.Actors;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree;

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
            if (e.Instance is not null && e.Payload is StateEvent changed)
            {
                states[e.Instance] = InstanceStateMachine.Name(changed.To);
            }

            var delay = e.Payload switch
            {
                BackoffEvent backoff => TimeSpan.FromMilliseconds(backoff.DelayMs),
                ServiceDirectiveEvent { IsRestart: true, DelayMs: { } ms } => TimeSpan.FromMilliseconds(ms),
                _ => (TimeSpan?)null,
            };
            var state = e.Instance is not null && IsInstanceRow(e) ? states.GetValueOrDefault(e.Instance, "") : "";
            rows.Add(new TimelineRow(
                result.TimeOf(e),
                PathOf(e, result.Layout),
                e.Event,
                e.Payload is DirectiveEvent directive ? directive.Directive : "",
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
        switch (e.Payload)
        {
            case RootDirectiveEvent root:
                return TreePaths.Group(root.Child);
            case EscalatedEvent { Level: "group" } escalated:
                return TreePaths.Group(escalated.Supervisor);
            case GaveUpEvent gaveUp:
                return TreePaths.Group(gaveUp.Group);
            case EscalatedEvent when e.Service is not null && layout.HasService(e.Service):
                return TreePaths.Service(layout.GroupOf(e.Service), e.Service);
        }

        if (e.Service is null || !layout.HasService(e.Service))
        {
            return TreePaths.Guardian;
        }

        var group = layout.GroupOf(e.Service);
        return e.Instance is null ? TreePaths.Service(group, e.Service) : TreePaths.Instance(group, e.Service, e.Instance);
    }

    private static bool IsInstanceRow(WardenEvent e) => e.Payload is not (EscalatedEvent or GroupDirectiveEvent or RootDirectiveEvent);

    private static string Detail(WardenEvent e) => e.Payload switch
    {
        StateEvent p => $"{InstanceStateMachine.Name(p.From)} -> {InstanceStateMachine.Name(p.To)}: {p.Reason}",
        StartedEvent p => $"pid {p.Pid}: {p.Command}",
        ExitedEvent p => $"pid {p.Pid}, {new ProcessExit(p.Code, p.Signal, p.CoreDumped)} after {Ms(p.RanForMs)}{(p.FailedStart ? " (failed start)" : "")}",
        SpawnFailedEvent p => p.Error,
        GroupDirectiveEvent p => $"{p.Reason} [{p.Strategy}: {string.Join(", ", p.Affected)}]",
        DirectiveEvent p => p.Reason,
        BackoffEvent p => $"attempt {p.Attempt}",
        EscalatedEvent p => $"{p.Level} {p.Supervisor} -> {p.To}: {p.Reason}",
        FatalEvent p => p.Reason,
        StoppingEvent p => $"pid {p.Pid}, {p.Signal}, kill after {Ms(p.TimeoutMs)}: {p.Reason}",
        StoppedEvent p => $"pid {p.Pid}, {new ProcessExit(p.Code, p.Signal, false)}",
        KilledEvent p => $"pid {p.Pid}: {p.Reason}",
        HealthEvent p => $"{p.StateName}: {p.Detail}",
        GaveUpEvent p => $"on-give-up = {p.Policy}{(p.ExitCode is { } code ? $", exit code {code}" : "")}: {p.Reason}",
        WardenStartedEvent p => $"{p.Services} services, {p.Instances} instances",
        WardenReadyEvent p => string.Join(", ", p.Services),
        WardenStoppingEvent p => p.Reason,
        WardenStoppedEvent p => $"exit code {p.ExitCode}",
        var other => TimelineFields.Render(other),
    };

    private static string Ms(long milliseconds) => SimTime.Short(TimeSpan.FromMilliseconds(milliseconds));
}
