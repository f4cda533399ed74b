using System.Diagnostics;
using System.Runtime.InteropServices;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;
using Xunit.Abstractions;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>
/// The tree's own cost of one restart of a zero-backoff crasher (restart = always, backoff.min = 0,
/// start-seconds = 0, no logs, no health check), measured on the simulator's single thread: allocated
/// bytes (exact for the thread) and thread CPU time. The bounds are loose so a loaded CI machine passes;
/// the output reports the numbers.
/// </summary>
public sealed class RestartCostTests(ITestOutputHelper output)
{
    private const string Config = """
        warden {
          root { max-restarts = 1000, within = 1s }
          services.crasher {
            command = "/bin/crasher"
            restart = always
            start-seconds = 0s
            backoff { min = 0s, jitter = 0 }
            max-restarts = 100000
            within = 1s
            logs.enabled = false
          }
        }
        """;

    [Fact]
    public void A_zero_backoff_restart_stays_cheap()
    {
        var settings = Sim.Load(Config);
        var warm = ScenarioLoader.Parse("scenario { duration = 5s, services.crasher.lifetime { duration = 10ms, code = 1 } }", "warm.scenario.conf", settings);
        Simulator.Run(settings, warm);

        var scenario = ScenarioLoader.Parse("scenario { duration = 60s, services.crasher.lifetime { duration = 10ms, code = 1 } }", "cost.scenario.conf", settings);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpu();
        var wall = Stopwatch.StartNew();
        var result = Simulator.Run(settings, scenario);
        wall.Stop();
        cpu = ThreadCpu() - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        var restarts = result.Named(EventNames.Started).Count - 1;
        var perRestartEvents = (double)result.Events.Count / restarts;
        output.WriteLine(
            $"{restarts} restarts: {allocated / restarts:0} B allocated, {cpu.TotalMicroseconds / restarts:0.0} µs thread CPU, "
            + $"{wall.Elapsed.TotalMicroseconds / restarts:0.0} µs wall, {perRestartEvents:0.0} events per restart");
        restarts.Should().BeGreaterThan(5000);
        result.Named(EventNames.Escalated).Should().BeEmpty();
        (allocated / restarts).Should().BeLessThan(64 * 1024);
    }

    private static TimeSpan ThreadCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        ClockGetTime(3, out var ts);
        return TimeSpan.FromTicks((ts.Seconds * 1_000_000_000 + ts.Nanoseconds) / 100);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec ts);
}
