using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>
/// Runs a config (HOCON, through the real config loader) against a scenario (through the real
/// scenario loader) in the simulator, and reads the outcome — so these tests pin both the simulator
/// and the behaviour of the supervision tree it drives.
/// </summary>
internal static class Sim
{
    public static SimulationResult Run(string config, string scenario)
    {
        var settings = Load(config);
        return Simulator.Run(settings, ScenarioLoader.Parse(scenario, "test.scenario.conf", settings));
    }

    public static WardenSettings Load(string config) =>
        TempFile.Read(config, "warden.conf", path => WardenConfigLoader.Load(path, useEnvironment: false));

    public static IReadOnlyList<WardenEvent> Named(this SimulationResult result, string name, string? instance = null) =>
        result.Events.Where(e => e.Event == name && (instance is null || e.Instance == instance)).ToArray();

    public static IReadOnlyList<WardenEvent> Directives(this SimulationResult result, string level, string? directive = null) =>
        result.Named(EventNames.Directive)
            .Where(e => (string?)e.Fields["level"] == level && (directive is null || (string?)e.Fields["directive"] == directive))
            .ToArray();

    public static double Seconds(this SimulationResult result, WardenEvent e) => Math.Round(result.TimeOf(e).TotalSeconds, 3);

    public static ProcessState FinalState(this SimulationResult result, string instance) =>
        result.Named(EventNames.State, instance).Select(e => Enum.Parse<ProcessState>((string)e.Fields["to"]!, ignoreCase: true)).LastOrDefault();
}
