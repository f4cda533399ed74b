using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

public sealed class CliWithoutWardenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warden-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Status_when_no_warden_runs_exits_3_with_one_line()
    {
        var port = FreePort.Next();
        var config = Write("warden.conf", $"warden {{ control.http.port = {port}, services.a.command = /bin/true }}\n");
        Directory.CreateDirectory(Path.Combine(_dir, "state"));
        File.WriteAllText(Path.Combine(_dir, "state", "token"), "abc");
        File.SetUnixFileMode(Path.Combine(_dir, "state", "token"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "status", "--config", config);

        result.ExitCode.Should().Be(3, result.Stderr);
        result.Stderr.Trim().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public async Task Validate_exits_0_for_a_good_file_and_2_with_file_line_column_for_a_bad_one()
    {
        var good = Write("good.conf", "warden.services.a.command = /bin/true\n");
        var bad = Write("bad.conf", "warden.services.a {\n  command = /bin/true\n  start-seconds = soon\n}\n");

        var ok = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "validate", good);
        var fail = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "validate", bad);

        ok.ExitCode.Should().Be(0, ok.Stderr);
        ok.Stdout.Should().Be($"{good}: ok (1 service, 1 instance, 1 group)\n", "one of each is counted in the singular");
        fail.ExitCode.Should().Be(2);
        fail.Stderr.Should().Contain($"{bad}:3:").And.Contain("services.a.start-seconds").And.Contain("soon");
    }

    [Fact]
    public async Task Validate_names_what_run_would_trip_over_each_at_its_place()
    {
        var file = Write("faults.conf", """
            warden.services {
              api { command = /bin/sleep, args = ["60"] }
              ghost { command = /usr/bin/does-not-exist-anywhere }
              nodir { command = /bin/sleep, directory = /nonexistent/dir }
              slow { command = /bin/sleep, start-seconds = 10 }
            }
            warden.services {
              api { args = ["120"] }
            }

            """);

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "validate", file);

        result.ExitCode.Should().Be(2, "a duration without a unit is an error");
        result.Stderr.Should().Contain($"{file}:5:").And.Contain("services.slow.start-seconds: a duration needs a unit: write 10s");
        result.Stderr.Should().Contain($"{file}:8:").And.Contain("warning: services.api: service `api` is defined 2 times in this file (also at line 2:");
        result.Stderr.Should().Contain($"{file}:3:").And.Contain("warning: services.ghost.command: command '/usr/bin/does-not-exist-anywhere' does not exist");
        result.Stderr.Should().Contain($"{file}:4:").And.Contain("warning: services.nodir.directory: working directory '/nonexistent/dir' does not exist");
    }

    [Fact]
    public async Task Config_print_json_prints_only_the_files_own_tree()
    {
        var file = Write("plain.conf", "a = 1\nb { c = ${a} }\n");

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "config", "print", "--json", file);

        result.ExitCode.Should().Be(0, result.Stderr);
        System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("b").GetProperty("c").GetInt32().Should().Be(1);
        result.Stdout.Should().NotContain("service-defaults");
    }

    [Fact]
    public async Task Config_print_reports_a_parse_error_with_position_and_exits_2()
    {
        var file = Write("broken.conf", "a {\n  b = 1\n");

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "config", "print", "--json", file);

        result.ExitCode.Should().Be(2);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain(file + ":3:");
    }

    [Fact]
    public async Task Config_print_effective_applies_defaults_and_masks_secrets()
    {
        var file = Write("secret.conf", "warden.services.db { command = /bin/true, secret-env { DB_PASSWORD = hunter2 } }\n");

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "config", "print", "--effective", file);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("\"start-seconds\"").And.Contain("****").And.NotContain("hunter2");
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "frobnicate");

        result.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Service_install_dry_run_prints_a_notify_unit_without_writing()
    {
        var file = Write("svc.conf", "warden.services.a.command = /bin/true\n");

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "service", "install", "--dry-run", "--name", "warden-test-dry", file);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("Type=notify").And.Contain("KillMode=mixed").And.Contain("WatchdogSec=");
        File.Exists("/etc/systemd/system/warden-test-dry.service").Should().BeFalse();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
