using System.Diagnostics;
using System.Text;
using ActorWarden.Supervision.Simulation;
using Xunit.Abstractions;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>
/// A day of virtual time for 100 services: the budget is 2 s of wall clock on an unloaded machine.
/// The bounds asserted here are far looser, because these tests run beside others on shared cores
/// (load averages of 20-30 on 2 cores were measured while writing them); they catch an
/// order-of-magnitude regression, such as the scheduler no longer jumping to the next timer. The
/// measured numbers are printed and recorded in docs/simulate.md.
/// </summary>
public sealed class SimulationPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void A_day_of_100_crashing_services_without_health_checks_simulates_within_budget()
    {
        var (elapsed, result) = Measure(healthChecks: false);
        output.WriteLine($"100 services, 1 day, crash every 10 min on average, no health checks: {elapsed.TotalMilliseconds:0} ms, {result.Events.Count} events, {result.Spawned} processes");
        result.Spawned.Should().BeGreaterThan(100 * 100, "each service crashes about 144 times a day");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_day_of_100_services_with_health_checks_every_5s_simulates_within_budget()
    {
        var (elapsed, result) = Measure(healthChecks: true);
        output.WriteLine($"100 services, 1 day, crash every 10 min on average, tcp health check every 5 s: {elapsed.TotalMilliseconds:0} ms, {result.Events.Count} events, {result.Spawned} processes");
        result.Named("health").Should().NotBeEmpty();
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    private static (TimeSpan Elapsed, SimulationResult Result) Measure(bool healthChecks)
    {
        var config = new StringBuilder("warden { root { max-restarts = 1000, within = 60s }, services {\n");
        var scenario = new StringBuilder("scenario { duration = 1d, seed = 7, services {\n");
        for (var i = 0; i < 100; i++)
        {
            var health = healthChecks ? ", health { type = tcp, port = 9000, interval = 5s }" : "";
            config.Append($"  s{i} {{ command = \"/bin/s{i}\", restart = always, max-restarts = 50, within = 60s, backoff.jitter = 0.1{health} }}\n");
            scenario.Append($"  s{i} {{ crash-rate {{ mean-time-between = 10m, code = 1 }} }}\n");
        }

        config.Append("} }\n");
        scenario.Append("} }\n");
        var settings = Sim.Load(config.ToString());
        var parsed = ScenarioLoader.Parse(scenario.ToString(), "perf.scenario.conf", settings);
        var clock = Stopwatch.StartNew();
        var result = Simulator.Run(settings, parsed);
        return (clock.Elapsed, result);
    }
}
