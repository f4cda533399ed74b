using ActorWarden.Simulation.Scenarios;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>Every example in config/examples stays valid and shows what its comments promise.</summary>
public sealed class ExampleScenarioTests
{
    private static SimulationResult RunExample(string name)
    {
        var folder = ExamplesFolder();
        var settings = WardenConfigLoader.Load(Path.Combine(folder, name + ".conf"), useEnvironment: false);
        return Simulator.Run(settings, ScenarioLoader.Load(Path.Combine(folder, name + ".scenario.conf"), settings));
    }

    [Fact]
    public void Flapping_worker_escalates_to_its_group_and_the_group_to_the_root()
    {
        var summary = SimulationSummary.From(RunExample("flapping-worker"));

        summary.Escalations.Select(e => (e.Level, e.From, e.To)).Should().Equal(("service", "worker", "app"), ("service", "worker", "app"), ("group", "app", "warden"));
        summary.WardenExitCode.Should().BeNull();
    }

    [Fact]
    public void Db_outage_restarts_the_whole_one_for_all_group_once()
    {
        var summary = SimulationSummary.From(RunExample("db-outage"));

        summary.Services.Select(s => (s.Service, s.GroupRestarts)).Should().Equal(("db", 1), ("api", 1), ("cache", 1));
        summary.FatalInstances.Should().BeEmpty();
    }

    [Fact]
    public void Pipeline_restarts_transform_and_publish_but_not_ingest_and_the_archiver_ends_fatal()
    {
        var result = RunExample("pipeline");
        var summary = SimulationSummary.From(result);

        summary.Services.Where(s => s.Group == "flow").Select(s => (s.Service, s.GroupRestarts)).Should().Equal(("ingest", 0), ("transform", 1), ("publish", 1));
        summary.FatalInstances.Should().Equal("archiver");
        result.Named("killed", "publish-2").Should().ContainSingle();
        result.MissedExits.Should().BeEmpty();
    }

    private static string ExamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config", "examples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"config/examples not found above {AppContext.BaseDirectory}");
    }
}
