using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>READY=1 and WATCHDOG=1 scripted in `warden simulate`: late, missing and stopping heartbeats through the real tree.</summary>
public sealed class NotifyScenarioTests
{
    private const string Config = """
        warden {
          service-defaults { backoff.jitter = 0 }
          services {
            db     { command = "/bin/db", ready = notify, start-timeout = 10s, start-retries = 2, fatal-retry = off }
            app    { command = "/bin/app", start-seconds = 0s, depends-on = [db] }
            worker { command = "/bin/worker", health { type = heartbeat, interval = 5s, failures = 3, start-period = 0s } }
          }
        }
        """;

    [Fact]
    public void A_late_READY_1_holds_the_dependent_until_then()
    {
        var result = Sim.Run(Config, "scenario { duration = 30s, services { db { ready-after = 4s } } }");

        result.Seconds(result.Named(EventNames.Ready, "db").Single()).Should().Be(4.0);
        result.Seconds(result.Named(EventNames.Started, "app").Single()).Should().Be(4.0);
        result.FinalState("db").Should().Be(ProcessState.Running);
    }

    [Fact]
    public void A_missing_READY_1_is_a_failed_start_at_each_start_timeout_until_Fatal()
    {
        var result = Sim.Run(Config, "scenario { duration = 60s, services { db { ready-after = never } } }");

        result.Named(EventNames.StartTimeout, "db").Select(result.Seconds).Should().HaveCount(2);
        result.FinalState("db").Should().Be(ProcessState.Fatal);
        result.Named(EventNames.Started, "app").Should().BeEmpty("its dependency never became ready");
    }

    [Fact]
    public void Heartbeats_that_stop_restart_the_worker_failures_times_interval_after_the_last_one()
    {
        var result = Sim.Run(Config, "scenario { duration = 60s, services { worker { watchdog-every = 1s, watchdog-stops = [ { from = 10.5s, to = 40s } ] } } }");

        var unhealthy = result.Named(EventNames.Health, "worker").Where(e => (string)e.Fields["state"]! == "unhealthy").ToArray();
        result.Seconds(unhealthy[0]).Should().Be(25.0, "the last heartbeat was at 10 s, the limit is 3 x 5 s");
        unhealthy[0].Fields["detail"].Should().Be("no WATCHDOG=1 for 15s (3 x 5s)");
        var restart = result.Directives("service").First(e => (string)e.Fields["child"]! == "worker");
        restart.Fields["directive"].Should().Be("restart");
        result.Seconds(restart).Should().Be(25.0);
    }

    [Fact]
    public void Unscripted_notify_services_behave_as_healthy_daemons()
    {
        var result = Sim.Run(Config, "scenario { duration = 1h }");

        result.FinalState("db").Should().Be(ProcessState.Running);
        result.FinalState("worker").Should().Be(ProcessState.Running);
        result.Directives("service").Should().BeEmpty();
    }

    [Fact]
    public void Notify_keys_on_a_service_that_does_not_use_them_are_errors_with_their_position()
    {
        var settings = Sim.Load(Config);
        var act = () => ScenarioLoader.Parse("scenario {\n  services { app { ready-after = 1s, watchdog-every = 1s } }\n}", "s.conf", settings);

        var errors = act.Should().Throw<WardenConfigException>().Which.Errors.Select(e => e.ToString()).ToArray();
        errors.Should().Contain(e => e.StartsWith("s.conf:2:") && e.Contains("scenario.services.app.ready-after") && e.Contains("ready = started"));
        errors.Should().Contain(e => e.StartsWith("s.conf:2:") && e.Contains("scenario.services.app.watchdog-every") && e.Contains("no heartbeat check"));
    }
}
