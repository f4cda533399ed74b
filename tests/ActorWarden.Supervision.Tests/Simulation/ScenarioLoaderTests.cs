using ActorWarden.Processes;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Simulation;

public sealed class ScenarioLoaderTests
{
    private static readonly WardenSettings Settings = Sim.Load("""
        warden.services {
          web { command = "/bin/web", instances = 2 }
          db { command = "/bin/db", health { type = tcp, port = 5432 } }
        }
        """);

    private static IReadOnlyList<string> Errors(string scenario)
    {
        var act = () => ScenarioLoader.Parse(scenario, "s.conf", Settings);
        return act.Should().Throw<WardenConfigException>().Which.Errors.Select(e => e.ToString()).ToArray();
    }

    [Fact]
    public void Reads_every_kind_of_script()
    {
        var scenario = ScenarioLoader.Parse("""
            scenario {
              duration = 1h
              seed = 42
              services {
                web { crash-rate { mean-time-between = 30s, code = 3 }, stop-delay = 2s }
                db { health-fails = [ {from = 10s, to = 40s}, {from = 50m} ], lifetime { duration = 5m, code = 0 } }
              }
              instances {
                "web-2" { exits = [ {at = 1s}, {at = 0s, code = 2}, {at = 1.5s, signal = SIGKILL} ], stop-delay = never }
              }
            }
            """, "s.conf", Settings);

        scenario.Duration.Should().Be(TimeSpan.FromHours(1));
        scenario.Seed.Should().Be(42);
        var web2 = scenario.ScriptFor("web", "web-2");
        web2.Exits.Should().Equal(
            new ScriptedExit(TimeSpan.Zero, 2),
            new ScriptedExit(TimeSpan.FromSeconds(1), 1),
            new ScriptedExit(TimeSpan.FromSeconds(1.5), 1, ProcessSignal.SIGKILL));
        web2.StopResponse.Should().Be(StopResponse.Never, "the instance overrides its service");
        web2.CrashRate.Should().Be(new CrashRate(TimeSpan.FromSeconds(30), 3), "the instance inherits what it does not override");
        scenario.ScriptFor("web", "web-1").StopResponse.Should().Be(new StopResponse(TimeSpan.FromSeconds(2)));
        var db = scenario.ScriptFor("db", "db");
        db.HealthFails.Should().Equal(new TimeWindow(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40)), new TimeWindow(TimeSpan.FromMinutes(50), null));
        db.Lifetime.Should().Be(new Lifetime(TimeSpan.FromMinutes(5), 0));
    }

    [Fact]
    public void An_unknown_instance_is_an_error_at_its_line_naming_the_known_instances()
    {
        Errors("""
            scenario {
              instances {
                "web-3" { exits = [ {at = 1s} ] }
              }
            }
            """).Should().Equal("s.conf:3:5: scenario.instances.web-3: unknown instance 'web-3'; the config has web-1, web-2, db");
    }

    [Fact]
    public void An_unknown_service_is_an_error_naming_the_known_services()
    {
        Errors("scenario { services { api { exec-error = \"boom\" } } }")
            .Should().Equal("s.conf:1:23: scenario.services.api: unknown service 'api'; the config has web, db");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_file_line_and_column()
    {
        var errors = Errors("""
            scenario {
              duration = ten
              services {
                web { exits = [ {at = 1s, code = 300} ], crash-rat { mean-time-between = 1s } }
                db { health-fails = [ {from = 40s, to = 10s} ] }
              }
            }
            """);

        errors.Should().HaveCount(4).And.BeInAscendingOrder(StringComparer.Ordinal, "errors come in file order");
        errors[0].Should().StartWith("s.conf:2:14: scenario.duration: ");
        errors.Should().Contain("s.conf:4:38: scenario.services.web.exits[0].code: expected an integer from 0 to 255, found 300");
        errors.Should().Contain(e => e.StartsWith("s.conf:4:46: scenario.services.web.crash-rat: unknown key 'crash-rat'; did you mean 'crash-rate'?"));
        errors.Should().Contain(e => e.StartsWith("s.conf:5:45: scenario.services.db.health-fails[0].to: must be after from (40s)"));
    }

    [Fact]
    public void Health_failures_for_a_service_without_a_health_check_are_an_error()
    {
        Errors("scenario { services { web { health-fails = [ {from = 1s} ] } } }")
            .Should().ContainSingle().Which.Should().Contain("scenario.services.web.health-fails: service 'web' has no health check (health.type = none)");
    }

    [Fact]
    public void A_file_without_a_scenario_object_is_an_error()
    {
        Errors("duration = 1m").Should().HaveCount(2);
    }

    [Fact]
    public void A_command_line_duration_uses_the_config_units()
    {
        ScenarioLoader.ParseDuration("90s", "--duration").Should().Be(TimeSpan.FromSeconds(90));
        var act = () => ScenarioLoader.ParseDuration("soon", "--duration");
        act.Should().Throw<WardenConfigException>().Which.Errors.Single().ToString().Should().StartWith("--duration: expected a duration like 10s");
    }
}
