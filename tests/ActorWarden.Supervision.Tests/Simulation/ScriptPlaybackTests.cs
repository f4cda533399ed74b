using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>How scripted processes behave on the virtual clock.</summary>
public sealed class ScriptPlaybackTests
{
    private const string Config = """
        warden.services.web { command = "/bin/web", instances = 2, start-seconds = 500ms, backoff { min = 100ms, jitter = 0 }, max-restarts = 10, within = 10s }
        """;

    [Fact]
    public void Web_2_exits_at_0_1_1_5_and_2_seconds_and_web_1_runs_on()
    {
        var result = Sim.Run(Config, "scenario { duration = 5s, instances { \"web-2\" { exits = [ {at = 0s, code = 1}, {at = 1s, code = 1}, {at = 1.5s, code = 1}, {at = 2s, code = 1} ] } } }");

        result.Named(EventNames.Exited, "web-2").Select(e => result.Seconds(e)).Should().Equal(0.0, 1.0, 1.5, 2.0);
        // A process that dies before start-seconds (500 ms) failed to start.
        result.Named(EventNames.Exited, "web-2").Select(e => (bool)e.Fields["failed_start"]!).Should().Equal(true, false, true, true);
        result.Named(EventNames.Started, "web-1").Should().ContainSingle();
        result.MissedExits.Should().BeEmpty();
    }

    [Fact]
    public void A_scripted_exit_while_the_instance_has_no_process_is_reported_as_missed()
    {
        var result = Sim.Run(Config, "scenario { duration = 5s, instances { \"web-1\" { exits = [ {at = 1s}, {at = 1.05s} ] } } }");

        result.Named(EventNames.Exited, "web-1").Should().ContainSingle();
        result.MissedExits.Should().ContainSingle().Which.Should().Be(("web-1", new ScriptedExit(TimeSpan.FromSeconds(1.05), 1)));
        TimelineTable.Render(result).Should().Contain("scripted exit of web-1 at 1.05s missed: no process was running then");
    }

    [Fact]
    public void A_lifetime_ends_every_process_after_the_same_time()
    {
        var result = Sim.Run(Config, "scenario { duration = 10s, instances { \"web-1\" { lifetime { duration = 3s, code = 0 } } } }");

        // restart = on-failure and 0 is a success exit: the first run ends the instance.
        result.Named(EventNames.Exited, "web-1").Should().ContainSingle().Which.Fields["code"].Should().Be(0);
        var directive = result.Directives("service").Single();
        directive.Fields["directive"].Should().Be("stop");
        directive.Fields["outcome"].Should().Be("exited");
    }

    [Fact]
    public void Crash_rate_draws_are_seeded_per_instance_and_average_out_to_the_mean()
    {
        var result = Sim.Run("""
            warden.services.w { command = "/bin/w", instances = 2, restart = always, max-restarts = 1000, within = 1s, backoff { min = 10ms, max = 10ms, jitter = 0 } }
            """, "scenario { duration = 2h, seed = 5, services { w { crash-rate { mean-time-between = 1m, code = 9 } } } }");

        var crashes = result.Named(EventNames.Exited, "w-1");
        crashes.Should().HaveCountGreaterThan(90).And.HaveCountLessThan(150, "about 120 crashes in 2 h at a mean of 1 min");
        crashes.Should().OnlyContain(e => (int)e.Fields["code"]! == 9);
        result.Named(EventNames.Exited, "w-2").Select(e => result.Seconds(e)).Should().NotEqual(crashes.Select(e => result.Seconds(e)),
            "each instance draws from its own stream");
    }

    [Fact]
    public void Pids_count_up_from_1000_in_spawn_order()
    {
        var result = Sim.Run(Config, "scenario { duration = 2s, instances { \"web-1\" { exits = [ {at = 1s} ] } } }");

        result.Named(EventNames.Started).Select(e => (int)e.Fields["pid"]!).Should().Equal(1000, 1001, 1002);
    }
}
