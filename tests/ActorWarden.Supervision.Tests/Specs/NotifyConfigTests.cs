using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Specs;

public sealed class NotifyConfigTests
{
    [Fact]
    public void By_default_a_service_counts_as_started_after_start_seconds_and_has_no_watchdog()
    {
        using var config = new TempConfig("warden.services.web.command = /bin/true\n");

        var web = WardenConfigLoader.Load(config.Path).Services.Single();

        var expected = new ServiceSpec { Name = "web", Command = "/bin/true" };
        web.Ready.Should().Be(ReadyMode.Started).And.Be(expected.Ready);
        web.StartTimeout.Should().Be(TimeSpan.FromSeconds(90)).And.Be(expected.StartTimeout);
        web.Health.Type.Should().Be(HealthCheckType.None);
        web.UsesNotify.Should().BeFalse();
    }

    [Fact]
    public void Ready_notify_and_a_heartbeat_check_bind_into_the_spec()
    {
        using var config = new TempConfig("""
            warden.services.db {
              command = /bin/true
              ready = notify
              start-timeout = 30s
              health { type = heartbeat, interval = 5s, failures = 3 }
            }
            """);

        var db = WardenConfigLoader.Load(config.Path).Services.Single();

        db.Ready.Should().Be(ReadyMode.Notify);
        db.StartTimeout.Should().Be(TimeSpan.FromSeconds(30));
        db.Health.Type.Should().Be(HealthCheckType.Heartbeat);
        db.Health.Interval.Should().Be(TimeSpan.FromSeconds(5));
        db.Health.Failures.Should().Be(3);
        db.UsesNotify.Should().BeTrue();
    }

    [Fact]
    public void Watchdog_is_a_heartbeat_check_that_fails_after_one_silent_period_with_no_start_period()
    {
        using var config = new TempConfig("warden.services.worker { command = /bin/true, watchdog = 15s }\n");

        var worker = WardenConfigLoader.Load(config.Path).Services.Single();

        worker.Health.Type.Should().Be(HealthCheckType.Heartbeat);
        worker.Health.Interval.Should().Be(TimeSpan.FromSeconds(15));
        worker.Health.Failures.Should().Be(1);
        worker.Health.StartPeriod.Should().Be(TimeSpan.Zero);
        worker.Ready.Should().Be(ReadyMode.Started);
    }

    [Fact]
    public void A_misspelt_ready_mode_names_the_file_line_column_key_path_and_the_choices()
    {
        using var config = new TempConfig("warden.services.web {\n  command = /bin/true\n  ready = notfy\n}\n");

        var error = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors.Should().ContainSingle().Subject;

        error.ToString().Should().Be($"{config.Path}:3:11: services.web.ready: expected one of started | notify, found \"notfy\"");
    }

    [Fact]
    public void A_watchdog_beside_another_health_check_is_an_error_at_the_watchdog_key()
    {
        using var config = new TempConfig("warden.services.web {\n  command = /bin/true\n  health { type = http, url = \"http://127.0.0.1:1/\" }\n  watchdog = 15s\n}\n");

        var error = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors.Should().ContainSingle().Subject;

        error.ToString().Should().StartWith($"{config.Path}:4:").And.Contain("services.web.watchdog: ").And.Contain("health.type = http").And.Contain("keep one");
    }

    [Fact]
    public void A_start_timeout_without_a_unit_or_of_zero_is_refused()
    {
        using var config = new TempConfig("warden.services { a { command = /bin/true, start-timeout = 30 }, b { command = /bin/true, start-timeout = 0s } }\n");

        var errors = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        errors.Select(e => e.Path).Should().BeEquivalentTo("services.a.start-timeout", "services.b.start-timeout");
        errors.Should().OnlyContain(e => e.Origin != null);
    }
}
