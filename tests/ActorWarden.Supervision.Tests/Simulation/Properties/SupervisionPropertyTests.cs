using ActorWarden.Simulation.Scenarios;
using CsCheck;
using Xunit.Abstractions;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>
/// Issue 10's property: random configs (1–4 services of 1–3 instances, one-for-one / one-for-all /
/// rest-for-one groups, depends-on, always / on-failure / never, small start-seconds, backoff, intensity
/// and stop timeouts) under random scenarios (scripted exits and OOM kills, health-check outages,
/// children that ignore SIGTERM, a missing binary, operator start/stop/restart of services, instances,
/// groups and all, and a reload that changes one service) never show an illegal state transition and
/// never give an instance two live processes; and the same case gives the same bytes twice.
/// A failure prints the shrunk case as the config, scenario and operator timeline that replay it, and
/// the CsCheck seed that regenerates it (<c>CsCheck_Seed=… dotnet test --filter …</c>); a larger
/// <c>CsCheck_Iter</c> searches longer.
/// </summary>
public sealed class SupervisionPropertyTests
{
    /// <summary>
    /// Cases per run: a case costs 10–30 ms, and the failures found so far show up in about 1 % of the
    /// cases, so 400 find them on nearly every run while the test stays within seconds.
    /// </summary>
    private const int Cases = 400;

    private readonly ITestOutputHelper _output;

    public SupervisionPropertyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Every_state_event_is_a_legal_transition_and_no_instance_ever_has_two_live_processes()
    {
        RandomFarmGen.Farm.Sample(
            farm => TimelineInvariants.Violations(OperatedSimulation.Run(farm)).Count == 0,
            writeLine: _output.WriteLine,
            iter: Math.Max(Cases, Check.Iter),
            print: Explain);
    }

    [Fact]
    public void The_same_case_renders_byte_identical_json_twice()
    {
        RandomFarmGen.Farm.Sample(
            farm => TimelineJson.Render(OperatedSimulation.Run(farm)) == TimelineJson.Render(OperatedSimulation.Run(farm)),
            writeLine: _output.WriteLine,
            iter: 10,
            print: farm => farm.Replay());
    }

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
