using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>
/// The tree bugs the simulator found (docs/simulate.md, "Findings"), each pinned on the example that
/// showed it: a given-up group with a running member lets the warden exit, rest-for-one restarts only
/// after the later members are gone, and group restarts honour depends-on.
/// </summary>
public sealed class TreeFindingsTests
{
    [Fact]
    public void On_give_up_exit_exits_with_the_root_exit_code_when_the_given_up_group_had_running_members()
    {
        var result = RunExample("flapping-worker", "warden.root.max-restarts = 0");

        result.WardenExitCode.Should().Be(70);
        foreach (var web in new[] { "web-1", "web-2" })
        {
            result.FinalState(web).Should().Be(ProcessState.Stopped, $"{web} was running when the root gave up and its stop ladder ended");
            result.Named(EventNames.Stopped, web).Should().ContainSingle();
        }

        SimulationSummary.From(result).WardenExitCode.Should().Be(70);
    }

    [Fact]
    public void Rest_for_one_restarts_the_failed_member_only_after_the_later_members_are_stopped()
    {
        var result = RunExample("pipeline");

        var publish2Stopped = result.Named(EventNames.State, "publish-2")
            .Where(e => (string?)e.Fields["to"] == "stopped")
            .Select(result.Seconds)
            .Should().ContainSingle().Subject;
        publish2Stopped.Should().Be(39.0, "publish-2 ignores SIGTERM and is killed at stop.timeout (3 s after 36 s)");
        var transformStarts = result.Named(EventNames.Started, "transform").Select(result.Seconds).ToArray();
        transformStarts.Where(t => t >= 36.0).Should().NotBeEmpty().And.OnlyContain(t => t >= publish2Stopped);
        var firstAfter = transformStarts.First(t => t >= 36.0);
        result.Named(EventNames.Started).Where(e => result.Seconds(e) >= 36.0 && e.Service is "transform" or "publish")
            .Select(e => e.Service).First().Should().Be("transform", "rest-for-one restarts in start order");
        firstAfter.Should().Be(39.0);
        result.FinalState("ingest").Should().Be(ProcessState.Running);
    }

    [Fact]
    public void One_for_all_restarts_dependents_only_once_their_dependency_is_running_and_healthy()
    {
        var result = RunExample("db-outage");

        var restart = result.Directives("group", "restart").Should().ContainSingle().Subject;
        var at = result.Seconds(restart);
        var dbHealthy = result.Named(EventNames.Health, "db")
            .Where(e => result.Seconds(e) > at && (string?)e.Fields["state"] == "healthy")
            .Select(result.Seconds).First();
        var apiStart = result.Named(EventNames.Started, "api").Select(result.Seconds).Should().Contain(t => t > at).Which;
        var apiRunning = result.Named(EventNames.State, "api")
            .Where(e => result.Seconds(e) > at && (string?)e.Fields["to"] == "running").Select(result.Seconds).First();
        var cacheStart = result.Named(EventNames.Started, "cache").Select(result.Seconds).Where(t => t > at).First();

        apiStart.Should().BeGreaterThanOrEqualTo(dbHealthy, "api depends on db, which has a health check");
        cacheStart.Should().BeGreaterThanOrEqualTo(apiRunning, "cache depends on api");
        result.FinalState("db").Should().Be(ProcessState.Running);
        result.FinalState("api").Should().Be(ProcessState.Running);
        result.FinalState("cache").Should().Be(ProcessState.Running);
    }

    private static SimulationResult RunExample(string name, string? overrides = null)
    {
        var folder = ExamplesFolder();
        var config = File.ReadAllText(Path.Combine(folder, name + ".conf"));
        if (overrides is not null)
        {
            config += "\n" + overrides + "\n";
        }

        var settings = Sim.Load(config);
        return Simulator.Run(settings, ScenarioLoader.Load(Path.Combine(folder, name + ".scenario.conf"), settings));
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
