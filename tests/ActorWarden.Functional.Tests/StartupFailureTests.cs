using System.Net;
using System.Net.Sockets;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// `warden run` that cannot start says so in one line with what and where, exits with the documented
/// code (docs/hosting.md), and has spawned nothing: the control plane binds before any child starts.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warden-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_control_port_in_use_is_one_line_exit_1_and_no_child_was_spawned()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var marker = Path.Combine(_dir, "spawned");
        var name = $"startfail{Environment.ProcessId}";
        var config = Write("warden.conf", $$"""
            warden {
              name = {{name}}
              control.http.port = {{port}}
              services.web { command = /bin/sh, args = ["-c", "touch '{{marker}}'; exec sleep 600"] }
            }
            """);

        var result = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(60), "run", config);

        result.ExitCode.Should().Be(1, result.Stdout + result.Stderr);
        var output = result.Stdout + result.Stderr;
        output.Should().NotContain("   at ", "a start failure is not a stack trace");
        output.Split('\n').Where(l => l.Contains("FTL", StringComparison.Ordinal) || l.Contains("ERR", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().Contain($"port {port} on 127.0.0.1 is in use");
        File.Exists(marker).Should().BeFalse("nothing is spawned before the control plane has bound its port");
        WardenControlGroups(name).Should().BeEmpty("the control group the warden made for itself goes with the failed start");
    }

    /// <summary>The control groups of wardens named <paramref name="name"/> (actorwarden/&lt;name&gt;-&lt;hash&gt;) in every cgroup mount, v2 and v1.</summary>
    private static IReadOnlyList<string> WardenControlGroups(string name) =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => Array.IndexOf(fields, "-") is var dash and > 0 && dash + 1 < fields.Length && fields[dash + 1] is "cgroup2" or "cgroup")
            .Select(fields => Path.Combine(fields[4], "actorwarden"))
            .Where(Directory.Exists)
            .SelectMany(root => Directory.GetDirectories(root, name + "-*"))
            .ToList();

    [Fact]
    public async Task A_service_named_like_a_farm_instance_is_refused_by_validate_and_run_alike_with_its_place()
    {
        var config = Write("warden.conf", $$"""
            warden {
              control.http.port = {{FreePort.Next()}}
              services {
                web { command = /bin/sleep, args = ["600"], instances = 2 }
                web-1 { command = /bin/sleep, args = ["600"] }
              }
            }
            """);

        var validate = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "validate", config);
        var run = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(60), "run", config);

        validate.ExitCode.Should().Be(2, validate.Stdout);
        validate.Stderr.Should().StartWith($"{config}:5:").And.Contain("services.web-1: ");
        run.ExitCode.Should().Be(2, run.Stdout + run.Stderr);
        run.Stderr.Should().Contain($"{config}:5:").And.Contain("services.web-1: ");
        (run.Stdout + run.Stderr).Should().NotContain("   at ");
    }

    [Fact]
    public async Task A_control_plane_that_run_refuses_is_refused_by_validate_too()
    {
        var config = Write("open.conf", "warden { control.http.host = \"0.0.0.0\", services.a.command = /bin/true }\n");

        var validate = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(30), "validate", config);
        var run = await WardenBinary.RunAsync(_dir, TimeSpan.FromSeconds(60), "run", config);

        run.ExitCode.Should().Be(2, run.Stdout + run.Stderr);
        validate.ExitCode.Should().Be(2, validate.Stdout);
        validate.Stderr.Trim().Should().Be($"{config}: warden.control.http: control plane host 0.0.0.0 is not a loopback address: binding it requires a configured token (set the token explicitly, the generated token file is for local use only)");
    }

    [Fact]
    public async Task Reload_of_a_config_with_a_name_taken_twice_is_refused_with_its_place_and_changes_nothing()
    {
        await using var warden = RunningWarden.Start("""
                web { command = /bin/sleep, args = ["1000"], instances = 2, start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), TimeSpan.FromSeconds(30), "2 running");
        File.AppendAllText(warden.ConfigPath, "\nwarden.services.web-1 { command = /bin/sleep, args = [\"1000\"] }\n");
        var lastLine = File.ReadAllLines(warden.ConfigPath).Length;

        var reload = await warden.CliAsync("reload");

        reload.ExitCode.Should().Be(2, reload.Stdout + reload.Stderr);
        reload.Stderr.Should().Contain($"{warden.ConfigPath}:{lastLine}:").And.Contain("services.web-1: ");
        RunningWarden.Instances(await warden.StatusAsync()).Should().HaveCount(2);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
