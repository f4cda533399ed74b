using ActorWarden.Simulation.Scenarios;
using CsCheck;
using Xunit.Abstractions;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>
/// The harness that drives random farms (config, scenario, operator commands, a reload) through the real
/// tree on virtual time renders exactly what <c>warden simulate</c> renders when it sends no commands, so
/// the property of issue 10 (every state event legal, never two live processes, same bytes twice) runs on
/// the simulator itself. That property still finds three bugs of the supervision domain (docs/simulate.md,
/// "Properties of the tree"); it lands with their fixes.
/// </summary>
public sealed class OperatedSimulationTests
{
    private readonly ITestOutputHelper _output;

    public OperatedSimulationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Without_operator_commands_the_harness_renders_what_warden_simulate_renders()
    {
        RandomFarmGen.Farm.Select(farm => farm with { Actions = [], Reload = null }).Sample(
            farm =>
            {
                var settings = Sim.Load(farm.ConfigHocon()) with { ConfigFile = OperatedSimulation.ConfigName };
                var simulated = Simulator.Run(settings, ScenarioLoader.Parse(farm.ScenarioHocon(), "farm.scenario.conf", settings));
                return TimelineJson.Render(OperatedSimulation.Run(farm)) == TimelineJson.Render(simulated);
            },
            writeLine: _output.WriteLine,
            iter: 10,
            print: farm => farm.Replay());
    }

    /// <summary>
    /// The replayable case and the violations it produces; the events of the instances involved go to
    /// the test output (CsCheck shortens long messages). The case is re-run up to five times because a
    /// tree that is not deterministic may take the failing path only some of the time, and the message
    /// says so when that happens.
    /// </summary>
    private string Explain(RandomFarm farm)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var result = OperatedSimulation.Run(farm);
            var violations = TimelineInvariants.Violations(result);
            if (violations.Count == 0)
            {
                continue;
            }

            var instances = violations.Select(v => v.Split(' ')[1].TrimEnd(':')).Distinct();
            _output.WriteLine("# events of the instances that broke an invariant (and reloads, commands)");
            _output.WriteLine(TimelineInvariants.TimelineOf(result, instances));
            var flaky = attempt == 1 ? "" : $"# (the violations appeared in re-run {attempt} only: the timeline of this case is not deterministic)\n";
            return farm.Replay() + "# violations\n" + flaky + string.Join('\n', violations) + "\n";
        }

        return farm.Replay() + "# violations: none in 5 re-runs, although the property failed on this case: the timeline is not deterministic\n";
    }
}
