using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Everything one simulation produced: the event timeline of the real tree (timestamps on the virtual
/// clock), when it ended and why, and the scenario lines that never played. Renderers (table, JSON
/// lines, SVG) and the summary are pure functions of this record.
/// </summary>
public sealed record SimulationResult
{
    /// <summary>The config that was simulated.</summary>
    public required WardenSettings Settings { get; init; }

    /// <summary>Groups, services and instances of the config, in tree order.</summary>
    public required TreeLayout Layout { get; init; }

    /// <summary>The scenario that was played (with command-line overrides applied).</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>Wall-clock reading of the virtual clock at t = 0 (events carry absolute timestamps).</summary>
    public required DateTimeOffset Origin { get; init; }

    /// <summary>Every event of the tree, in the order they happened.</summary>
    public required IReadOnlyList<WardenEvent> Events { get; init; }

    /// <summary>Virtual time at which the simulation ended: the scenario duration, or earlier when the warden exited.</summary>
    public required TimeSpan End { get; init; }

    /// <summary>The exit code of the warden when it exited during the simulation (root on-give-up = exit); null while it kept running.</summary>
    public int? WardenExitCode { get; init; }

    /// <summary>Scripted exits whose time came while their instance had no process running.</summary>
    public IReadOnlyList<(string Instance, ScriptedExit Exit)> MissedExits { get; init; } = Array.Empty<(string, ScriptedExit)>();

    /// <summary>Processes the simulated launcher started.</summary>
    public int Spawned { get; init; }

    /// <summary>Where the cluster's instances ran (<c>scenario.cluster</c>); null for a warden on its own.</summary>
    public Clustering.ClusterTimeline? Cluster { get; init; }

    /// <summary>Virtual time of <paramref name="event"/> since the warden started.</summary>
    public TimeSpan TimeOf(WardenEvent @event) => @event.Ts - Origin;
}
