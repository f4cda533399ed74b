using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tests.Simulation;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Tree;

/// <summary>
/// Issue 11, item 6: a program that runs 1.2 s and exits 1, under nothing but reference.conf. Each
/// escalation used to give the member a fresh backoff history, so it restarted 35 times a minute forever.
/// </summary>
public sealed class CrashLoopTests
{
    private const string Config = """
        warden.services.crasher { command = "/opt/fake/crasher" }
        """;

    private static VirtualWarden StartCrasher()
    {
        VirtualWarden? harness = null;
        var warden = harness = VirtualWarden.Start(
            Sim.Load(Config),
            onStart: child => ((IActionScheduler)harness!.Time).ScheduleOnce(TimeSpan.FromSeconds(1.2), () => child.Exit(1)));
        return warden;
    }

    [Fact]
    public async Task A_crash_loop_under_the_defaults_reaches_the_backoff_maximum_across_group_restarts()
    {
        await using var warden = StartCrasher();

        warden.Advance(TimeSpan.FromMinutes(10));

        warden.Events.Directives("group").Should().NotBeEmpty("the loop exceeds the service intensity at first");
        var delays = warden.Events.Named(EventNames.Backoff, "crasher").Select(e => (long)e.Fields["delay_ms"]!).ToList();
        delays.Max().Should().BeGreaterThanOrEqualTo(27_000, "30 s backoff maximum, less at most 10 % jitter");
        warden.Launcher.StartedFor("crasher").Should().HaveCountLessThan(40, "a 31 s cycle spawns about 20 times in 10 minutes");
    }

    [Fact]
    public async Task The_backoff_history_survives_a_group_restart_but_not_an_operator_restart()
    {
        await using var warden = StartCrasher();
        warden.Advance(TimeSpan.FromMinutes(3));
        var before = warden.Events.Named(EventNames.Backoff, "crasher").Count;

        warden.Command(c => c.RestartAsync("crasher"));
        warden.Advance(3);

        var after = warden.Events.Named(EventNames.Backoff, "crasher").Skip(before).Select(e => (long)e.Fields["delay_ms"]!).ToList();
        after.Should().NotBeEmpty();
        after[0].Should().BeLessThan(200, "an operator restart starts the backoff sequence over, as before");
        warden.State("crasher").Should().NotBe(ProcessState.Fatal);
    }
}
