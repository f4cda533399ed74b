using ActorWarden.Functional.Tests.Infrastructure;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Config;

namespace ActorWarden.Functional.Tests.Cli;

/// <summary>`warden simulate` from the real binary: the shipped example gives exactly the in-process timeline, and a bad file fails with usage.</summary>
public sealed class SimulateCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static string Examples() => Path.Combine(Repository.Root, "config", "examples");

    /// <summary>
    /// Each process hashes strings with its own seed, and Akka resumes a suspended subtree's children in
    /// hash order: before StopWave waited for its Identify answers, the root restart of this example came
    /// out in one of four orders, so separate processes disagreed with each other and with this one.
    /// </summary>
    [Fact]
    public async Task Every_run_of_the_binary_prints_the_same_json_lines_as_the_simulator_in_process()
    {
        var config = Path.Combine(Examples(), "flapping-worker.conf");
        var scenarioFile = Path.Combine(Examples(), "flapping-worker.scenario.conf");
        var settings = WardenConfigLoader.Load(config);
        var expected = TimelineJson.Render(Simulator.Run(settings, ScenarioLoader.Load(scenarioFile, settings)));

        for (var run = 0; run < 4; run++)
        {
            var result = await WardenBinary.RunAsync(Examples(), Patience, "simulate", config, "--scenario", scenarioFile, "--json");

            result.ExitCode.Should().Be(0, result.Stderr);
            result.Stdout.Should().Be(expected, $"run {run + 1} of the binary is the same timeline");
        }

        expected.Should().Contain("group app restarted by the root").And.Contain("\"event\":\"simulation-summary\"");
    }

    [Fact]
    public async Task A_missing_config_is_a_usage_error_with_one_line()
    {
        var result = await WardenBinary.RunAsync(Examples(), Patience, "simulate", "no-such.conf", "--scenario", "no-such.scenario.conf");

        result.ExitCode.Should().Be(2);
        result.Stderr.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("no-such.conf");
    }
}
