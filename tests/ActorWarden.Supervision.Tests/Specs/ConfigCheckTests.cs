using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Specs;

/// <summary>
/// `warden validate` finds everything `run` and `reload` refuse (with file:line:column and key path),
/// and warns about what they accept but will not work as meant.
/// </summary>
public sealed class ConfigCheckTests
{
    [Fact]
    public void A_service_named_like_an_instance_of_a_farm_is_an_error_at_its_place()
    {
        using var config = new TempConfig("""
            warden.services {
              web { command = /bin/true, instances = 2 }
              web-1 { command = /bin/true }
            }
            """);

        var check = WardenConfigLoader.Check(config.Path);

        check.IsValid.Should().BeFalse();
        var error = check.Errors.Should().ContainSingle().Subject;
        error.ToString().Should().StartWith($"{config.Path}:3:").And.Contain("services.web-1: service `web-1` has the same name as an instance of service `web`");
    }

    [Fact]
    public void A_farm_whose_instance_takes_the_name_of_an_earlier_service_is_an_error_too()
    {
        using var config = new TempConfig("""
            warden.services {
              web-2 { command = /bin/true }
              web { command = /bin/true, instances = 3 }
            }
            """);

        var error = WardenConfigLoader.Check(config.Path).Errors.Should().ContainSingle().Subject;

        error.ToString().Should().StartWith($"{config.Path}:3:").And.Contain("services.web: instance `web-2` of service `web` has the same name as service `web-2`");
    }

    [Theory]
    [InlineData("start-seconds = 10", "services.web.start-seconds", "10s")]
    [InlineData("stop.timeout = 5", "services.web.stop.timeout", "5s")]
    [InlineData("backoff { min = 0, max = 30 }", "services.web.backoff.max", "30s")]
    [InlineData("health { type = tcp, port = 80, interval = 2.5 }", "services.web.health.interval", "2.5s")]
    [InlineData("within = \"10\"", "services.web.within", "10s")]
    public void A_duration_without_a_unit_is_an_error_that_asks_for_one(string setting, string path, string suggestion)
    {
        using var config = new TempConfig($"warden.services.web {{\n  command = /bin/true\n  {setting}\n}}\n");

        var error = WardenConfigLoader.Check(config.Path).Errors.Should().ContainSingle().Subject;

        error.Path.Should().Be(path);
        error.Origin!.Line.Should().Be(3);
        error.Message.Should().Contain("needs a unit").And.Contain($"write {suggestion} for seconds");
    }

    [Theory]
    [InlineData("logs.rate-limit { burst = -1 }", "services.web.logs.rate-limit.burst", "expected at least 0, found -1")]
    [InlineData("logs.rate-limit { burst = 100, interval = 0s }", "services.web.logs.rate-limit.interval", "expected a positive duration")]
    [InlineData("logs.rate-limit { burst = 100, interval = 30 }", "services.web.logs.rate-limit.interval", "needs a unit")]
    [InlineData("logs.buffer = 1KiB", "services.web.logs.buffer", "expected 64KiB..64MiB")]
    public void Log_capture_settings_out_of_range_are_errors_at_their_place(string setting, string path, string message)
    {
        using var config = new TempConfig($"warden.services.web {{\n  command = /bin/true\n  {setting}\n}}\n");

        var error = WardenConfigLoader.Check(config.Path).Errors.Should().ContainSingle().Subject;

        error.Path.Should().Be(path);
        error.Origin!.Line.Should().Be(3);
        error.ToString().Should().StartWith($"{config.Path}:3:");
        error.Message.Should().Contain(message);
    }

    [Fact]
    public void A_rate_limit_binds_to_the_log_spec_and_is_off_by_default()
    {
        using var config = new TempConfig("""
            warden.services {
              web { command = /bin/true, logs.rate-limit { burst = 1000, interval = 1s }, logs.buffer = 4MiB }
              quiet { command = /bin/true }
            }
            """);

        var services = WardenConfigLoader.Load(config.Path).Services;

        services.Single(s => s.Name == "web").Logs.RateLimit.Should().Be(new LogRateLimitSpec(1000, TimeSpan.FromSeconds(1)));
        services.Single(s => s.Name == "web").Logs.BufferBytes.Should().Be(4L * 1024 * 1024);
        services.Single(s => s.Name == "quiet").Logs.RateLimit.Should().BeNull("output is never dropped unless asked");
        services.Single(s => s.Name == "quiet").Logs.BufferBytes.Should().Be(1024 * 1024);
    }

    [Theory]
    [InlineData("warden.shutdown-timeout = 30", "shutdown-timeout")]
    [InlineData("warden.root.within = 60", "root.within")]
    [InlineData("warden.group-defaults.within = 30", "group-defaults.within")]
    public void Warden_wide_durations_need_a_unit_as_well(string setting, string path)
    {
        using var config = new TempConfig($"warden.services.web.command = /bin/true\n{setting}\n");

        var error = WardenConfigLoader.Check(config.Path).Errors.Should().ContainSingle().Subject;

        error.Path.Should().Be(path);
        error.Message.Should().Contain("needs a unit");
    }

    [Fact]
    public void A_zero_duration_needs_no_unit()
    {
        using var config = new TempConfig("warden.services.web { command = /bin/true, start-seconds = 0 }\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Services[0].StartSeconds.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_service_written_twice_in_one_file_is_a_warning_that_names_both_places()
    {
        using var config = new TempConfig("""
            warden.services {
              web { command = /bin/true, instances = 2 }
              db { command = /bin/true }
              web { command = /bin/false }
            }
            """);

        var check = WardenConfigLoader.Check(config.Path);

        check.IsValid.Should().BeTrue();
        var warning = check.Warnings.Should().ContainSingle().Subject;
        warning.Format("warning").Should().Be(
            $"{config.Path}:4:3: warning: services.web: service `web` is defined 2 times in this file (also at line 2:3); HOCON merges the definitions and the later values replace the earlier ones: keep one definition");
    }

    [Fact]
    public void An_override_in_a_file_that_includes_the_first_definition_is_not_a_warning()
    {
        using var config = new TempConfig("""
            include "base.conf"
            warden.services.web.instances = 3
            """);
        File.WriteAllText(Path.Combine(config.Directory, "base.conf"), "warden.services.web { command = /bin/true }\n");

        var check = WardenConfigLoader.Check(config.Path);

        check.IsValid.Should().BeTrue();
        check.Warnings.Should().BeEmpty();
        check.Settings!.Services[0].Instances.Should().Be(3);
    }

    [Fact]
    public void An_include_outside_the_configs_folder_is_refused_at_its_place()
    {
        using var folder = new TempConfig("warden.services.evil.command = /bin/true\n", "outside.conf");
        var outside = folder.Path;
        var path = Path.Combine(folder.Directory, "etc", "warden.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "warden.services.web.command = /bin/true\ninclude required(\"../outside.conf\")\n");

        var error = WardenConfigLoader.Check(path).Errors.Should().ContainSingle().Subject;

        error.ToString().Should().StartWith($"{path}:2:").And.Contain("inside the include root").And.Contain(outside);
        var act = () => WardenConfigLoader.Load(path);
        act.Should().Throw<WardenConfigException>();
    }

    [Fact]
    public void Includes_inside_the_configs_folder_work_relative_to_it()
    {
        using var config = new TempConfig("include \"conf.d/web.conf\"\ninclude file(\"conf.d/db.conf\")\n");
        Directory.CreateDirectory(Path.Combine(config.Directory, "conf.d"));
        File.WriteAllText(Path.Combine(config.Directory, "conf.d", "web.conf"), "warden.services.web.command = /bin/true\n");
        File.WriteAllText(Path.Combine(config.Directory, "conf.d", "db.conf"), "warden.services.db.command = /bin/true\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Services.Select(s => s.Name).Should().Equal("web", "db");
    }

    [Fact]
    public void A_command_that_is_not_there_or_not_executable_and_a_missing_directory_are_warnings()
    {
        using var config = new TempConfig("""
            warden.services {
              gone { command = /nonexistent/app }
              nopath { command = no-such-program-on-path-4711 }
              text { command = ./notes.txt }
              nodir { command = /bin/true, directory = missing-folder }
              fine { command = true }
            }
            """);
        File.WriteAllText(Path.Combine(config.Directory, "notes.txt"), "not a program");

        var check = WardenConfigLoader.Check(config.Path);

        check.IsValid.Should().BeTrue("the warden can still run; those instances fail to start");
        check.Warnings.Select(w => w.ToString()).Should().BeEquivalentTo(
            $"{config.Path}:2:20: services.gone.command: command '/nonexistent/app' does not exist; every start will fail",
            $"{config.Path}:3:22: services.nopath.command: command `no-such-program-on-path-4711` is not found on PATH ({Environment.GetEnvironmentVariable("PATH")}); every start will fail",
            $"{config.Path}:4:20: services.text.command: command '{Path.Combine(config.Directory, "notes.txt")}' is not executable (chmod +x); every start will fail",
            $"{config.Path}:5:44: services.nodir.directory: working directory '{Path.Combine(config.Directory, "missing-folder")}' does not exist; every start will fail");
    }

    [Fact]
    public void What_validate_reports_as_an_error_is_what_load_refuses()
    {
        using var config = new TempConfig("warden.services { web { command = /bin/true, instances = 2 }, web-2 { command = /bin/true } }\n");

        var check = WardenConfigLoader.Check(config.Path);
        var act = () => WardenConfigLoader.Load(config.Path);

        act.Should().Throw<WardenConfigException>().Which.Errors.Should().Equal(check.Errors);
    }
}
