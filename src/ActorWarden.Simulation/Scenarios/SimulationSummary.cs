using ActorWarden.Contracts.Events;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>Per-service outcome of a simulation.</summary>
/// <param name="Service">Service name.</param>
/// <param name="Group">Its group.</param>
/// <param name="Restarts">Restart directives of its ServiceSupervisor (one per instance restart).</param>
/// <param name="GroupRestarts">Restart directives of its group that included this service.</param>
/// <param name="Escalations">Times its supervisor escalated to the group.</param>
/// <param name="FinalStates">State of each instance at the end, in instance order.</param>
public sealed record ServiceOutcome(string Service, string Group, int Restarts, int GroupRestarts, int Escalations, IReadOnlyList<ProcessState> FinalStates)
{
    /// <summary>True when every instance ended Fatal.</summary>
    public bool EndedFatal => FinalStates.Count > 0 && FinalStates.All(s => s == ProcessState.Fatal);
}

/// <summary>One escalation: who handed a failure to whom, when, and why.</summary>
public sealed record EscalationRecord(TimeSpan At, string Level, string From, string To, string Reason);

/// <summary>
/// What an operator wants to know after a simulation: how often each service restarted, which
/// failures escalated, what ended Fatal and whether the warden itself would have exited. Derived only
/// from the event timeline, so it describes what the real tree did, not what the scenario intended.
/// </summary>
public sealed record SimulationSummary
{
    /// <summary>One outcome per service, in configuration order.</summary>
    public required IReadOnlyList<ServiceOutcome> Services { get; init; }

    /// <summary>Every escalation (service to group, group to root), in the order they happened.</summary>
    public required IReadOnlyList<EscalationRecord> Escalations { get; init; }

    /// <summary>Instances whose final state is Fatal, in tree order.</summary>
    public required IReadOnlyList<string> FatalInstances { get; init; }

    /// <summary>The warden's exit code when it would have exited; null when it keeps running.</summary>
    public int? WardenExitCode { get; init; }

    /// <summary>When the warden would have exited.</summary>
    public TimeSpan? WardenExitAt { get; init; }

    /// <summary>Why it would have exited (the root's give-up).</summary>
    public string? WardenExitReason { get; init; }

    /// <summary>
    /// Set when the root gave up with on-give-up = exit but the warden had not exited when the simulation
    /// ended (it exits only once every service is down): what was decided, and when.
    /// </summary>
    public string? ExitPending { get; init; }

    /// <summary>Instances still Stopping at the end (what an exit that has not happened is waiting for).</summary>
    public required IReadOnlyList<string> StillStopping { get; init; }

    /// <summary>Builds the summary of <paramref name="result"/>.</summary>
    public static SimulationSummary From(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var layout = result.Layout;
        var finalStates = new Dictionary<string, ProcessState>(StringComparer.Ordinal);
        var restarts = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupRestarts = new Dictionary<string, int>(StringComparer.Ordinal);
        var escalationsBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var escalations = new List<EscalationRecord>();
        string? exitReason = null;
        TimeSpan? gaveUpAt = null;
        foreach (var e in result.Events)
        {
            switch (e.Payload)
            {
                case StateEvent changed when e.Instance is not null:
                    finalStates[e.Instance] = changed.To;
                    break;
                case ServiceDirectiveEvent { IsRestart: true } when e.Service is not null:
                    Increment(restarts, e.Service);
                    break;
                case GroupDirectiveEvent { IsRestart: true } group:
                    foreach (var affected in group.Affected)
                    {
                        Increment(groupRestarts, affected);
                    }

                    break;
                case EscalatedEvent escalated:
                    var level = escalated.Level;
                    var from = level == "service" ? e.Service ?? "" : escalated.Supervisor;
                    if (level == "service" && e.Service is not null)
                    {
                        Increment(escalationsBy, e.Service);
                    }

                    escalations.Add(new EscalationRecord(result.TimeOf(e), level, from, escalated.To, escalated.Reason));
                    break;
                case GaveUpEvent { Policy: "exit" } gaveUp:
                    exitReason ??= $"root gave up on group {gaveUp.Group}; on-give-up = exit";
                    gaveUpAt ??= result.TimeOf(e);
                    break;
            }
        }

        var services = layout.Services
            .Select(s => new ServiceOutcome(
                s.Name,
                layout.GroupOf(s.Name),
                restarts.GetValueOrDefault(s.Name),
                groupRestarts.GetValueOrDefault(s.Name),
                escalationsBy.GetValueOrDefault(s.Name),
                s.InstanceNames.Select(i => finalStates.GetValueOrDefault(i, ProcessState.Stopped)).ToArray()))
            .ToArray();
        return new SimulationSummary
        {
            Services = services,
            Escalations = escalations,
            FatalInstances = layout.Instances.Where(i => finalStates.GetValueOrDefault(i.Name) == ProcessState.Fatal).Select(i => i.Name).ToArray(),
            WardenExitCode = result.WardenExitCode,
            WardenExitAt = result.WardenExitCode is null ? null : result.End,
            WardenExitReason = result.WardenExitCode is null ? null : exitReason ?? "the warden stopped",
            ExitPending = result.WardenExitCode is null && gaveUpAt is { } at ? $"{exitReason} at {SimTime.Clock(at)}" : null,
            StillStopping = layout.Instances.Where(i => finalStates.GetValueOrDefault(i.Name) == ProcessState.Stopping).Select(i => i.Name).ToArray(),
        };
    }

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
