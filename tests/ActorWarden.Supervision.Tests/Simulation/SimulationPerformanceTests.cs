using System.Diagnostics;
using ActorWarden.Simulation.Scenarios;
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
        var (elapsed, result) = Measure(healthChecks: false, crashes: true);
        output.WriteLine($"100 services, 1 day, crash every 10 min on average, no health checks: {elapsed.TotalMilliseconds:0} ms, {result.Events.Count} events, {result.Spawned} processes");
        result.Spawned.Should().BeGreaterThan(100 * 100, "each service crashes about 144 times a day");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_day_of_100_services_with_health_checks_every_5s_simulates_within_budget()
    {
        var (elapsed, result) = Measure(healthChecks: true, crashes: true);
        output.WriteLine($"100 services, 1 day, crash every 10 min on average, tcp health check every 5 s: {elapsed.TotalMilliseconds:0} ms, {result.Events.Count} events, {result.Spawned} processes");
        result.Named("health").Should().NotBeEmpty();
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_day_of_100_healthy_services_checked_every_5s_simulates_within_budget()
    {
        var (elapsed, result) = Measure(healthChecks: true, crashes: false);
        output.WriteLine($"100 services, 1 day, no crashes, tcp health check every 5 s (1.7 M probes): {elapsed.TotalMilliseconds:0} ms, {result.Events.Count} events, {result.Spawned} processes");
        result.Named("health").Should().HaveCount(200, "each check is announced starting, turns healthy once and stays so");
        result.Spawned.Should().Be(100);
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    private static (TimeSpan Elapsed, SimulationResult Result) Measure(bool healthChecks, bool crashes)
    {
        var settings = Sim.Load(HundredServiceDay.Config(healthChecks));
        var parsed = ScenarioLoader.Parse(HundredServiceDay.Scenario(crashes), "perf.scenario.conf", settings);
        var clock = Stopwatch.StartNew();
        var result = Simulator.Run(settings, parsed);
        return (clock.Elapsed, result);
    }
}
