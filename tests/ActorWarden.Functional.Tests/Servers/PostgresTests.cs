using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests.Servers;

/// <summary>
/// PostgreSQL from Debian's package under the real warden, as its operator runs it: as the postgres
/// user with its own HOME, an initdb pre-start when the data folder is empty, a raised open-files limit,
/// and a pg_isready health check that runs as postgres too.
/// </summary>
public sealed class PostgresTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PostgreSQL_runs_as_postgres_with_its_home_its_limits_a_pg_isready_check_run_as_postgres_and_keeps_its_pid_when_only_the_check_changes()
    {
        ServerFolder.RequireRoot();
        using var folder = new ServerFolder("pg");
        var port = FreePort.Next();
        await using var warden = RunningWarden.Start(Service(folder, port, "interval = 300ms"));

        var healthy = await warden.WaitForAsync(IsHealthy, Patience, "postgres healthy");
        var pid = RunningWarden.Instances(healthy).Single().GetProperty("pid").GetInt32();

        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        environment.Should().Contain("HOME=/var/lib/postgresql").And.Contain("USER=postgres").And.Contain("LOGNAME=postgres");
        File.ReadAllLines($"/proc/{pid}/status").Should().Contain(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Contains($"\t{Uid("postgres")}\t", StringComparison.Ordinal));
        File.ReadAllLines($"/proc/{pid}/limits").Should().Contain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Max open files\s+4096\s+8192\s+files"));
        // initdb ran before the first start; the check asserts that it runs as postgres before it runs pg_isready.
        await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "pre-start" && e.GetProperty("ok").GetBoolean(), Patience, "the initdb pre-start recorded as ok");
        await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "health" && e.GetProperty("state").GetString() == "healthy", Patience, "the healthy check recorded");

        // Changing only the health check and reloading the config applies it in place: same postmaster.
        File.WriteAllText(warden.ConfigPath, File.ReadAllText(warden.ConfigPath).Replace("interval = 300ms", "interval = 700ms", StringComparison.Ordinal));
        var reload = await warden.CliAsync("reload");

        reload.ExitCode.Should().Be(0, reload.Stderr);
        reload.Stdout.Should().Contain("0 changed (restarted), 1 applied in place");
        var after = await warden.WaitForAsync(s => IsHealthy(s) && warden.Events().Count(e => e.GetProperty("event").GetString() == "health" && e.GetProperty("detail").GetString()!.Contains("every 0.7 s", StringComparison.Ordinal)) == 1, Patience, "the new check running");
        RunningWarden.Instances(after).Single().GetProperty("pid").GetInt32().Should().Be(pid, "a health change does not restart the database");
        RunningWarden.Instances(after).Single().GetProperty("restarts").GetInt32().Should().Be(0);
        Native.IsAlive(pid).Should().BeTrue();
    }

    internal static string Service(ServerFolder folder, int port, string healthTiming)
    {
        ServerFolder.RequireRoot();
        var postgres = ServerFolder.Require("postgres", "postgresql");
        var initdb = ServerFolder.Require("initdb", "postgresql");
        var isReady = ServerFolder.Require("pg_isready", "postgresql");
        var data = folder.Sub("data");
        var sockets = folder.Sub("run");
        foreach (var owned in new[] { data, sockets })
        {
            Directory.CreateDirectory(owned);
            ServerFolder.Run("/bin/chown", "postgres:postgres", owned);
            File.SetUnixFileMode(owned, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return $$"""
                postgres {
                  command = "{{postgres}}"
                  args = ["-D", "{{data}}", "-p", "{{port}}", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories={{sockets}}", "-c", "fsync=off"]
                  user = postgres
                  limits { nofile = "4096:8192" }
                  umask = "077"
                  pre-start = ["/bin/sh", "-c", "test -s \"$0/PG_VERSION\" || exec \"$1\" -D \"$0\" -U postgres -A trust --no-sync -E UTF8", "{{data}}", "{{initdb}}"]
                  stop { signal = SIGINT, timeout = 10s }
                  start-seconds = 200ms
                  health {
                    type = exec
                    command = /bin/sh
                    args = ["-c", "test \"$(id -un)\" = postgres && test \"$HOME\" = /var/lib/postgresql && exec \"$0\" -q -h \"$1\" -p \"$2\"", "{{isReady}}", "{{sockets}}", "{{port}}"]
                    {{healthTiming}}
                    timeout = 5s
                    start-period = 0s
                  }
                }
            """;
    }

    internal static bool IsHealthy(JsonElement status) =>
        RunningWarden.AllIn(status, "running", 1) && RunningWarden.Instances(status).Single().GetProperty("health").GetString() == "healthy";

    private static string Uid(string user) =>
        File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == user)[2];
}
