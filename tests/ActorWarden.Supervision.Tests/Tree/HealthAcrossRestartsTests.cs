using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

/// <summary>
/// The instance keeps its health check from one process to the next: paused while it waits to restart,
/// started over (start period, failures, Starting) for the new process, and a check that failed is replaced.
/// </summary>
public sealed class HealthAcrossRestartsTests
{
    private static readonly HealthSpec Http = TestSpecs.HttpCheck with { Failures = 2, StartPeriod = TimeSpan.Zero };

    private static ServiceSpec Db(ServiceSpec s) => s with
    {
        Health = Http,
        PortBase = 5432,
        Backoff = new BackoffSpec { Min = TimeSpan.FromSeconds(30), Jitter = 0 },
    };

    [Fact]
    public async Task A_crashed_instance_s_check_waits_through_the_backoff_and_checks_the_next_process_from_Starting()
    {
        var probe = new ScriptedProbe { Healthy = true };
        await using var warden = VirtualWarden.Start(TestSpecs.Settings(TestSpecs.Service("db", Db)), probes: _ => probe);
        warden.Advance(3);
        warden.Status("db").Health.Should().Be("healthy");

        warden.Launcher.Current("db").Exit(1);
        warden.Settle();
        var probesAtExit = probe.Probes;
        warden.Advance(25);
        probe.Probes.Should().Be(probesAtExit, "nothing is probed while no process runs");

        warden.Advance(10);

        warden.Launcher.StartedFor("db").Should().HaveCount(2);
        probe.Probes.Should().BeGreaterThan(probesAtExit, "the check carried over to the new process");
        warden.Status("db").Health.Should().Be("healthy");
        warden.Events.Named(EventNames.Health, "db").Select(e => (string)e.Fields["state"]!)
            .Should().Equal("starting", "healthy", "starting", "healthy");
    }

    [Fact]
    public async Task A_check_that_failed_is_replaced_by_a_new_one_for_the_next_process()
    {
        var probe = new ScriptedProbe { Healthy = true };
        await using var warden = VirtualWarden.Start(TestSpecs.Settings(TestSpecs.Service("db", s => Db(s) with { Backoff = new BackoffSpec { Jitter = 0 } })), probes: _ => probe);
        warden.Advance(3);

        probe.Healthy = false;
        warden.Advance(4);
        probe.Healthy = true;
        warden.Advance(20);

        warden.Launcher.StartedFor("db").Should().HaveCount(2);
        warden.Status("db").Health.Should().Be("healthy", "the new process has a working check");
        warden.Events.Named(EventNames.Health, "db").Select(e => (string)e.Fields["state"]!)
            .Should().Equal("starting", "healthy", "unhealthy", "starting", "healthy");
    }
}
