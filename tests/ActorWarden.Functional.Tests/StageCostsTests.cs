using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>warden.diagnostics.stage-costs on the real binary: the split the restart benchmark reads, and its absence by default.</summary>
public sealed class StageCostsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_stage_costs_on_status_splits_the_wardens_work_by_stage_of_a_restart()
    {
        await using var warden = RunningWarden.Start(
            """
                crasher { command = /bin/sh, args = ["-c", "exit 3"], start-seconds = 0s, backoff { min = 50ms, max = 50ms, jitter = 0 }, max-restarts = 1000, within = 10s }
            """,
            extraWarden: "diagnostics.stage-costs = on");

        var status = await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("restarts").GetInt32() >= 5, Patience, "five restarts");
        var restarts = RunningWarden.Instances(status).Single().GetProperty("restarts").GetInt32();
        var stages = status.GetProperty("runtime").GetProperty("stages").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stage").GetString()!, s => s);

        // Each restart passes every one of these; the status may be a restart ahead of the counter.
        foreach (var stage in new[] { "exit watcher", "actor ProcessActor", "supervisor decision", "spawn", "event bus", "output pump" })
        {
            stages.Should().ContainKey(stage);
            stages[stage].GetProperty("entries").GetInt64().Should().BeGreaterThanOrEqualTo(restarts, "stage {0} runs at every restart", stage);
            stages[stage].GetProperty("cpuNanoseconds").GetInt64().Should().BePositive("stage {0} did work", stage);
        }

        stages["spawn"].GetProperty("allocatedBytes").GetInt64().Should().BePositive("a spawn allocates its process object");
    }

    [Fact]
    public async Task By_default_status_has_no_stage_costs_and_a_warden_on_an_ephemeral_port_is_found_by_the_cli()
    {
        // control.http.port = 0 binds any free port: the endpoint file must name the bound one, or the CLI
        // (which found the warden through it) asks port 0 and reports the warden unreachable.
        await using var warden = RunningWarden.Start(
            """
                a { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """,
            extraWarden: "control.http.port = 0");

        var status = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running");

        status.GetProperty("runtime").TryGetProperty("stages", out _).Should().BeFalse("stage costs are off unless asked for");
    }
}
