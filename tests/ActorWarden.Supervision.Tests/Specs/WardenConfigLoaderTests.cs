using ActorWarden.Processes;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Specs;

public sealed class WardenConfigLoaderTests
{
    [Fact]
    public void A_minimal_service_gets_every_default_from_reference_conf()
    {
        using var config = new TempConfig("warden.services.web.command = /bin/true\n");

        var settings = WardenConfigLoader.Load(config.Path);

        var web = settings.Services.Should().ContainSingle().Subject;
        var expected = new ServiceSpec { Name = "web", Command = "/bin/true" };
        web.Restart.Should().Be(expected.Restart);
        web.StartSeconds.Should().Be(expected.StartSeconds);
        web.StartRetries.Should().Be(expected.StartRetries);
        web.FatalRetry.Should().Be(expected.FatalRetry);
        web.Backoff.Should().Be(expected.Backoff);
        web.Intensity.Should().Be(expected.Intensity);
        web.Stop.Should().Be(expected.Stop);
        web.Health.Type.Should().Be(HealthCheckType.None);
        web.Health.Interval.Should().Be(expected.Health.Interval);
        web.Logs.MaxSizeBytes.Should().Be(expected.Logs.MaxSizeBytes);
        web.Logs.Keep.Should().Be(expected.Logs.Keep);
        web.Logs.Syslog.Should().BeNull();
        web.SuccessExitCodes.Should().Equal(0);
        web.Directory.Should().Be(config.Directory);
        web.Logs.Directory.Should().Be(Path.Combine(config.Directory, "logs", "web"));
        settings.EventsFile.Should().Be(Path.Combine(config.Directory, "logs", "events.jsonl"));
        settings.Control.Port.Should().Be(9137);
        settings.Control.Host.Should().Be("127.0.0.1");
        settings.Orphans.Should().Be(OrphanPolicy.Kill);
    }

    [Fact]
    public void The_issue_example_binds_into_typed_settings()
    {
        using var config = new TempConfig("""
            warden {
              events.file = "logs/events.jsonl"
              services {
                db { command = "/bin/sleep", args = ["1000"] }
                web {
                  command = "/usr/bin/python3"
                  args = ["-m", "http.server", "${PORT}"]
                  directory = "/srv/web"
                  env { PORT = 8080 }
                  instances = 3
                  restart = on-failure
                  start-seconds = 1s
                  backoff { min = 100ms, max = 30s, multiplier = 2.0, jitter = 0.1, reset-after = 60s }
                  max-restarts = 5, within = 10s
                  exit-codes { "0" = stop, "3" = escalate }
                  stop { signal = SIGTERM, timeout = 10s }
                  depends-on = [db]
                  health { type = http, url = "http://127.0.0.1:8080/", interval = 5s, timeout = 2s, failures = 3, start-period = 10s }
                  logs { max-size = 10MiB, keep = 5 }
                }
              }
              groups { backend { strategy = one-for-all, members = [web, db], max-restarts = 3, within = 30s } }
            }
            """);

        var settings = WardenConfigLoader.Load(config.Path);

        var web = settings.Services.Single(s => s.Name == "web");
        web.Args.Should().Equal("-m", "http.server", "${PORT}");
        web.Env.Should().ContainKey("PORT").WhoseValue.Should().Be("8080");
        web.InstanceNames.Should().Equal("web-1", "web-2", "web-3");
        web.ExitCodes.Should().BeEquivalentTo(new Dictionary<int, ExitAction> { [0] = ExitAction.Stop, [3] = ExitAction.Escalate });
        web.Intensity.Should().Be(new IntensitySpec(5, TimeSpan.FromSeconds(10)));
        web.Stop.Signal.Should().Be(ProcessSignal.SIGTERM);
        web.Health.Type.Should().Be(HealthCheckType.Http);
        web.Health.StartPeriod.Should().Be(TimeSpan.FromSeconds(10));
        web.DependsOn.Should().Equal("db");
        var group = settings.Groups.Should().ContainSingle().Subject;
        group.Strategy.Should().Be(GroupStrategy.OneForAll);
        group.Members.Should().Equal("web", "db");
        group.Implicit.Should().BeFalse();
    }

    [Fact]
    public void A_service_in_no_group_gets_an_implicit_one_for_one_group()
    {
        using var config = new TempConfig("warden.services { a.command = /bin/true, b.command = /bin/true }\nwarden.groups.g.members = [a]\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Groups.Select(g => (g.Name, g.Implicit)).Should().Equal(("g", false), ("b", true));
    }

    [Fact]
    public void An_unknown_key_is_an_error_that_suggests_the_nearest_valid_key()
    {
        using var config = new TempConfig("warden {\n  services {\n    web {\n      command = /bin/true\n      restrat = always\n    }\n  }\n}\n");

        var act = () => WardenConfigLoader.Load(config.Path);

        var error = act.Should().Throw<WardenConfigException>().Which.Errors.Should().ContainSingle().Subject;
        error.ToString().Should().Be($"{config.Path}:5:7: services.web.restrat: unknown key `restrat`; did you mean `restart`?");
    }

    [Fact]
    public void A_wrong_type_names_the_key_path_and_the_expected_unit()
    {
        using var config = new TempConfig("warden.services.web {\n  command = /bin/true\n  stop { timeout = ten }\n}\n");

        var act = () => WardenConfigLoader.Load(config.Path);

        var message = act.Should().Throw<WardenConfigException>().Which.Message;
        message.Should().StartWith($"{config.Path}:3:").And.Contain("services.web.stop.timeout: ").And.Contain("duration").And.Contain("ten");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var config = new TempConfig("""
            warden.services.web { command = "", instances = 0, restart = sometimes, backoff.jitter = 2 }
            """);

        var errors = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        errors.Select(e => e.Path).Should().Contain(new[] { "services.web.command", "services.web.instances", "services.web.restart", "services.web.backoff.jitter" });
    }

    [Fact]
    public void A_dependency_cycle_is_a_config_error_that_names_the_cycle()
    {
        using var config = new TempConfig("warden.services { a { command = /bin/true, depends-on = [b] }, b { command = /bin/true, depends-on = [a] } }\n");

        var message = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Message;

        message.Should().Contain("dependency cycle: a -> b -> a");
    }

    [Fact]
    public void An_unknown_dependency_or_group_member_is_named_with_a_hint()
    {
        using var config = new TempConfig("warden.services { web { command = /bin/true, depends-on = [dbb] }, db.command = /bin/true }\nwarden.groups.g.members = [webb]\n");

        var message = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Message;

        message.Should().Contain("unknown service `dbb`; did you mean `db`?").And.Contain("unknown service `webb`; did you mean `web`?");
    }

    [Fact]
    public void A_service_in_two_groups_is_rejected()
    {
        using var config = new TempConfig("warden.services.a.command = /bin/true\nwarden.groups { g1.members = [a], g2.members = [a] }\n");

        var message = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Message;

        message.Should().Contain("already a member of group `g1`");
    }

    [Fact]
    public void A_syntax_error_keeps_the_parsers_file_line_and_column()
    {
        using var config = new TempConfig("warden {\n  services {\n    web { command = /bin/true\n");

        var error = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors.Should().ContainSingle().Subject;

        error.Origin.Should().NotBeNull();
        error.ToString().Should().StartWith(config.Path + ":").And.Contain("expected '}'");
    }

    [Fact]
    public void A_missing_file_is_one_clear_error()
    {
        var message = ((Action)(() => WardenConfigLoader.Load("/nonexistent/warden.conf"))).Should().Throw<WardenConfigException>().Which.Message;

        message.Should().Be("config file '/nonexistent/warden.conf' does not exist");
    }

    [Fact]
    public void Secret_env_files_are_read_and_kept_apart_from_plain_env()
    {
        using var config = new TempConfig("warden.services.web { command = /bin/true, secret-env-files { DB_PASSWORD = \"pw.txt\" } }\n");
        File.WriteAllText(Path.Combine(config.Directory, "pw.txt"), "hunter2\n");

        var web = WardenConfigLoader.Load(config.Path).Services.Single();

        web.SecretEnv.Should().ContainKey("DB_PASSWORD").WhoseValue.Should().Be("hunter2");
        web.Env.Should().NotContainKey("DB_PASSWORD");
    }

    [Fact]
    public void Service_defaults_can_be_overridden_for_every_service_at_once()
    {
        using var config = new TempConfig("warden.service-defaults.restart = always\nwarden.services { a.command = /bin/true, b { command = /bin/true, restart = never } }\n");

        var services = WardenConfigLoader.Load(config.Path).Services;

        services.Select(s => s.Restart).Should().Equal(RestartPolicy.Always, RestartPolicy.Never);
    }

    [Fact]
    public void The_shipped_demo_config_is_valid()
    {
        Environment.SetEnvironmentVariable("WARDEN_EXE", "/bin/true");
        var demo = Path.Combine(RepoRoot(), "config", "warden.conf");

        var settings = WardenConfigLoader.Load(demo);

        settings.Services.Select(s => s.Name).Should().Equal("web", "worker");
        settings.Services[0].InstanceNames.Should().HaveCount(3);
    }

    [Fact]
    public void Fatal_retry_can_be_turned_off()
    {
        using var config = new TempConfig("warden.services.a { command = /bin/true, fatal-retry = off }\n");

        WardenConfigLoader.Load(config.Path).Services.Single().FatalRetry.Should().BeNull();
    }

    private static string RepoRoot() => Repository.Root;
}
