using ActorWarden.Config;
using ActorWarden.Functional.Tests.Infrastructure;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Functional.Tests.Cli;

/// <summary>`warden simulate` of the shipped cluster example from the real binary: the same bytes as in-process, every run, and a bad cluster scenario fails with usage.</summary>
public sealed class SimulateClusterCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static string Examples() => Path.Combine(Repository.Root, "config", "examples");

    [Fact]
    public async Task The_cluster_example_prints_the_in_process_table_and_json_on_every_run()
    {
        var config = Path.Combine(Examples(), "cluster-failover.conf");
        var scenarioFile = Path.Combine(Examples(), "cluster-failover.scenario.conf");
        var settings = WardenConfigLoader.Load(config);
        var result = Simulator.Run(settings, ScenarioLoader.Load(scenarioFile, settings));
        var table = TimelineTable.Render(result);
        var json = TimelineJson.Render(result);

        for (var run = 0; run < 2; run++)
        {
            var text = await WardenBinary.RunAsync(Examples(), Patience, "simulate", config, "--scenario", scenarioFile);
            var lines = await WardenBinary.RunAsync(Examples(), Patience, "simulate", config, "--scenario", scenarioFile, "--json");

            text.ExitCode.Should().Be(0, text.Stderr);
            text.Stdout.Should().Be(table, $"run {run + 1} of the binary prints the same table");
            lines.Stdout.Should().Be(json, $"run {run + 1} of the binary prints the same JSON lines");
        }

        table.Should().Contain("web: 12 of 12 running: 127.0.0.1:4053 6, 127.0.0.1:4055 6").And.Contain("ran on two nodes at once: never");
    }

    [Fact]
    public async Task A_cluster_scenario_for_a_config_without_a_cluster_is_a_usage_error_naming_the_place()
    {
        var folder = Directory.CreateTempSubdirectory("warden-simcluster-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "w.conf"), "warden.services.db { command = \"/bin/db\" }\n");
            File.WriteAllText(Path.Combine(folder, "s.conf"), "scenario {\n  cluster { nodes = [\"127.0.0.1:4053\"] }\n}\n");

            var result = await WardenBinary.RunAsync(folder, Patience, "simulate", "w.conf", "--scenario", "s.conf");

            result.ExitCode.Should().Be(2);
            result.Stderr.Trim().Should().Be("s.conf:2:11: scenario.cluster: the config is no cluster node (warden.cluster.enabled = off), so there is no cluster to model");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
