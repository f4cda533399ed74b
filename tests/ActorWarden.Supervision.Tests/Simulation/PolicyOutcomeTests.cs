using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>
/// Known restart policies and their known outcomes, run through the simulator: each test is both a
/// check of the simulator and a pin on what the real supervision tree decides.
/// </summary>
public sealed class PolicyOutcomeTests
{
    private const string IntensityConfig = """
        warden.services.svc {
          command = "/bin/svc"
          start-seconds = 500ms
          backoff { min = 100ms, jitter = 0 }
          max-restarts = 3
          within = 5s
        }
        """;

    [Fact]
    public void One_for_one_with_3_restarts_within_5s_escalates_on_the_4th_crash_inside_the_window()
    {
        var result = Sim.Run(IntensityConfig, """
            scenario { duration = 10s, instances { svc { exits = [ {at = 1s}, {at = 2s}, {at = 3s}, {at = 4s} ] } } }
            """);

        var decisions = result.Directives("service").Select(e => ((string)e.Fields["directive"]!, result.Seconds(e))).ToArray();
        decisions.Should().Equal(("restart", 1.0), ("restart", 2.0), ("restart", 3.0), ("escalate", 4.0));
        var escalated = result.Named(EventNames.Escalated).Should().ContainSingle().Subject;
        result.Seconds(escalated).Should().Be(4.0);
        escalated.Fields["level"].Should().Be("service");
        escalated.Fields["to"].Should().Be("svc", "an ungrouped service sits in an implicit group of its own name");
    }

    [Fact]
    public void One_for_one_with_3_restarts_within_5s_does_not_escalate_when_crashes_are_6s_apart()
    {
        var result = Sim.Run(IntensityConfig, """
            scenario { duration = 30s, instances { svc { exits = [ {at = 6s}, {at = 12s}, {at = 18s}, {at = 24s} ] } } }
            """);

        result.Directives("service").Select(e => (string)e.Fields["directive"]!).Should().Equal("restart", "restart", "restart", "restart");
        result.Named(EventNames.Escalated).Should().BeEmpty();
        result.FinalState("svc").Should().Be(ProcessState.Running);
        SimulationSummary.From(result).Services.Single().Restarts.Should().Be(4);
    }

    private static string GroupConfig(string strategy) => $$"""
        warden {
          service-defaults { start-seconds = 0s, backoff.jitter = 0 }
          services {
            a { command = "/bin/a" }
            b { command = "/bin/b", max-restarts = 0 }
            c { command = "/bin/c" }
          }
          groups { g { strategy = {{strategy}}, members = [a, b, c], max-restarts = 5, within = 60s } }
        }
        """;

    private const string BCrashesOnce = "scenario { duration = 10s, instances { b { exits = [ {at = 2s, code = 1} ] } } }";

    [Fact]
    public void One_for_all_restarts_every_sibling_when_one_member_escalates()
    {
        var result = Sim.Run(GroupConfig("one-for-all"), BCrashesOnce);

        var group = result.Directives("group", "restart").Should().ContainSingle().Subject;
        ((IEnumerable<string>)group.Fields["affected"]!).Should().Equal("a", "b", "c");
        foreach (var instance in new[] { "a", "b", "c" })
        {
            result.Named(EventNames.Started, instance).Should().HaveCount(2, $"{instance} is restarted by the group");
            result.FinalState(instance).Should().Be(ProcessState.Running);
        }

        result.Named(EventNames.Stopping, "a").Should().ContainSingle().Which.Fields["reason"].Should().Be("restarted by group g");
    }

    [Fact]
    public void Rest_for_one_restarts_only_the_failed_member_and_the_members_after_it()
    {
        var result = Sim.Run(GroupConfig("rest-for-one"), BCrashesOnce);

        var group = result.Directives("group", "restart").Should().ContainSingle().Subject;
        ((IEnumerable<string>)group.Fields["affected"]!).Should().Equal("b", "c");
        result.Named(EventNames.Started, "a").Should().ContainSingle("a comes before b and keeps running");
        result.Named(EventNames.Stopping, "a").Should().BeEmpty();
        result.Named(EventNames.Started, "b").Should().HaveCount(2);
        result.Named(EventNames.Started, "c").Should().HaveCount(2);
        var summary = SimulationSummary.From(result);
        summary.Services.Select(s => (s.Service, s.GroupRestarts)).Should().Equal(("a", 0), ("b", 1), ("c", 1));
    }

    [Fact]
    public void Exponential_backoff_100ms_doubling_capped_at_1s_waits_0_1_0_2_0_4_0_8_1_1_seconds()
    {
        var result = Sim.Run("""
            warden.services.job {
              command = "/bin/job"
              restart = always
              start-seconds = 500ms
              backoff { min = 100ms, max = 1s, multiplier = 2.0, jitter = 0, reset-after = 60s }
              max-restarts = 100
              within = 60s
            }
            """, "scenario { duration = 8500ms, services { job { lifetime { duration = 1s, code = 1 } } } }");

        var delays = result.Named(EventNames.Backoff, "job").Select(e => (long)e.Fields["delay_ms"]!).ToArray();
        delays.Should().Equal(100, 200, 400, 800, 1000, 1000);
        result.Directives("service", "restart").Select(e => (long?)e.Fields["delay_ms"]).Should().Equal(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    [Fact]
    public void Health_failing_from_10s_to_40s_restarts_the_instance_and_it_recovers()
    {
        var result = Sim.Run("""
            warden.services.db {
              command = "/bin/db"
              backoff.jitter = 0
              health { type = tcp, port = 5432, interval = 5s, timeout = 2s, failures = 3, start-period = 10s }
            }
            """, "scenario { duration = 60s, services { db { health-fails = [ {from = 10s, to = 40s} ] } } }");

        var restart = result.Directives("service", "restart").Should().ContainSingle().Subject;
        result.Seconds(restart).Should().Be(20.0, "probes fail at 10, 15 and 20 s, and the third consecutive failure fails the instance");
        restart.Fields["cause"].Should().Be("HealthCheckFailedException");
        ((string)restart.Fields["reason"]!).Should().StartWith("health check failed: 3 consecutive failure(s)");
        result.Named(EventNames.Started, "db").Should().HaveCount(2);
        result.FinalState("db").Should().Be(ProcessState.Running);
        result.Named(EventNames.Health, "db").Last().Fields["state"].Should().Be("healthy", "probes pass again from 40 s");
    }

    [Fact]
    public void An_exec_error_goes_Fatal_after_start_retries()
    {
        var result = Sim.Run("""
            warden.services.worker { command = "/opt/missing/worker", start-retries = 3, backoff.jitter = 0 }
            """, """scenario { duration = 30s, services { worker { exec-error = "no such file or directory" } } }""");

        var failures = result.Named(EventNames.SpawnFailed, "worker");
        failures.Should().HaveCount(3);
        failures[0].Fields["error"].Should().Be("cannot start '/opt/missing/worker': no such file or directory");
        result.Named(EventNames.Fatal, "worker").Should().ContainSingle();
        result.FinalState("worker").Should().Be(ProcessState.Fatal);
        result.Spawned.Should().Be(0);
        var summary = SimulationSummary.From(result);
        summary.FatalInstances.Should().Equal("worker");
        summary.Services.Single().EndedFatal.Should().BeTrue();
        TimelineTable.Render(result).Should().Contain("ended fatal: worker");
    }

    [Fact]
    public void Root_on_give_up_exit_means_the_warden_would_exit_with_70()
    {
        var result = Sim.Run("""
            warden {
              root { max-restarts = 0, within = 60s, on-give-up = exit, exit-code = 70 }
              services {
                web { command = "/bin/web", start-seconds = 0s }
                api { command = "/bin/api", start-seconds = 0s, max-restarts = 0 }
              }
              groups {
                front { members = [web] }
                core { strategy = one-for-one, members = [api], max-restarts = 0, within = 60s }
              }
            }
            """, "scenario { duration = 60s, instances { api { exits = [ {at = 3s, code = 2} ] } } }");

        result.WardenExitCode.Should().Be(70);
        result.End.Should().Be(TimeSpan.FromSeconds(3), "the warden stops at once: web answers SIGTERM immediately");
        result.Named(EventNames.GaveUp).Should().ContainSingle().Which.Fields["exit_code"].Should().Be(70);
        result.FinalState("web").Should().Be(ProcessState.Stopped, "the warden stops every service before it exits");
        result.Named(EventNames.WardenStopped).Should().ContainSingle().Which.Fields["exit_code"].Should().Be(70);
        var summary = SimulationSummary.From(result);
        summary.WardenExitCode.Should().Be(70);
        summary.Escalations.Select(e => e.Level).Should().Equal("service", "group");
        TimelineTable.Render(result).Should().Contain("warden would exit with 70 at 00:00:03.000 (root gave up on group core; on-give-up = exit)");
    }

    [Fact]
    public void A_process_ignoring_SIGTERM_is_killed_at_the_end_of_the_stop_ladder()
    {
        var result = Sim.Run("""
            warden {
              service-defaults { start-seconds = 0s, backoff.jitter = 0, stop { signal = SIGTERM, timeout = 5s } }
              services {
                a { command = "/bin/a" }
                b { command = "/bin/b", max-restarts = 0 }
              }
              groups { g { strategy = one-for-all, members = [a, b] } }
            }
            """, "scenario { duration = 20s, instances { a { stop-delay = never }, b { exits = [ {at = 2s} ] } } }");

        var killed = result.Named(EventNames.Killed, "a").Should().ContainSingle().Subject;
        result.Seconds(killed).Should().Be(7.0, "SIGTERM at 2 s is ignored; the kill follows stop.timeout later");
        var started = result.Named(EventNames.Started, "a");
        started.Should().HaveCount(2);
        result.Seconds(started[1]).Should().Be(7.0, "the replacement waits until the old process is gone");
    }

    [Fact]
    public void A_process_answering_SIGTERM_after_a_delay_stops_without_a_kill()
    {
        var result = Sim.Run("""
            warden {
              service-defaults { start-seconds = 0s, backoff.jitter = 0, stop { signal = SIGTERM, timeout = 5s } }
              services {
                a { command = "/bin/a" }
                b { command = "/bin/b", max-restarts = 0 }
              }
              groups { g { strategy = one-for-all, members = [a, b] } }
            }
            """, "scenario { duration = 20s, instances { a { stop-delay = 1500ms }, b { exits = [ {at = 2s} ] } } }");

        result.Named(EventNames.Killed, "a").Should().BeEmpty();
        var stopped = result.Named(EventNames.Stopped, "a").Should().ContainSingle().Subject;
        result.Seconds(stopped).Should().Be(3.5);
    }
}
