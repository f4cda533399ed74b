using System.Diagnostics;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Containment;

/// <summary>
/// Issue 13's PostgreSQL case with Debian's postgresql 15 (installed by .ci/install-deps): a backend
/// busy on a query survived a SIGKILL of the postmaster, holding the shared memory, and every new
/// postmaster failed with "pre-existing shared memory block is still in use" until the instance went
/// Fatal. The backends overwrite argv and environment with their process title, so the environment
/// marker does not find them; the control group does.
/// </summary>
[Trait("Category", "RealProcess")]
public sealed class PostgresContainmentTests : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _root = Directory.CreateTempSubdirectory("aw-pg-").FullName;
    private Process? _client;

    [Fact]
    public async Task A_postmaster_killed_with_SIGKILL_during_a_query_is_back_within_2_s_and_no_backend_is_left()
    {
        File.Exists(Path.Combine(Bin, "postgres")).Should().BeTrue("postgresql is installed by .ci/install-deps");
        var data = Path.Combine(_root, "data");
        var sockets = Path.Combine(_root, "run");
        Directory.CreateDirectory(sockets);
        Run("chown", "-R", "postgres:postgres", _root);
        Run("chmod", "755", _root);
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", data, "--auth=trust", "-U", "postgres", "--no-sync");
        const int port = 5439;
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, new ServiceSpec
            {
                Name = "pg",
                Command = Path.Combine(Bin, "postgres"),
                Args = ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", sockets, "-c", "listen_addresses=", "-c", "fsync=off"],
                Directory = _root,
                User = "postgres",
                StartSeconds = TimeSpan.FromMilliseconds(200),
                Restart = RestartPolicy.Always,
                Backoff = new BackoffSpec { Min = TimeSpan.FromMilliseconds(50), Jitter = 0 },
                Stop = new StopSpec { Signal = ProcessSignal.SIGINT, Timeout = TimeSpan.FromSeconds(5) },
                Logs = new LogSpec { Enabled = false, Directory = Path.Combine(folder, "logs") },
            }),
            launcher: ProcessLauncher.Create(new ContainmentOptions { Setting = ContainmentSetting.V2, WardenId = "svtest-" + Guid.NewGuid().ToString("N")[..12] }));
        await warden.WaitForState("pg", ProcessState.Running);
        await RealWarden.Eventually(() => Task.FromResult(Query(sockets, port, "select 1") == 0), TimeSpan.FromSeconds(20), "postgres accepting queries");
        var postmaster = (await warden.StatusAsync("pg")).Pid!.Value;
        _client = Process.Start(new ProcessStartInfo(Path.Combine(Bin, "psql"), ["-h", sockets, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", "DO $$BEGIN LOOP END LOOP; END$$"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await RealWarden.Eventually(() => Task.FromResult(Backends(postmaster).Count > 0), because: "a backend busy on the query (a CPU-bound loop: a backend waiting on a latch would notice the postmaster's death and exit)");
        var tree = ProcessInfo.ListDescendants(postmaster).ToDictionary(pid => pid, pid => ProcessInfo.ReadStartTime(pid) ?? 0);

        var clock = Stopwatch.StartNew();
        Process.GetProcessById(postmaster).Kill();
        await RealWarden.Eventually(
            async () => await warden.StatusAsync("pg") is { State: ProcessState.Running, Pid: { } pid } && pid != postmaster && Query(sockets, port, "select 1") == 0,
            TimeSpan.FromSeconds(2),
            "a new postmaster accepting queries");

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        tree.Should().OnlyContain(p => ProcessInfo.ReadStartTime(p.Key) != p.Value, "the busy backend and every other child of the old postmaster were killed and reaped");
        warden.Events.Named(EventNames.Leftovers, "pg").Should().ContainSingle()
            .Which.Fields["commands"].Should().BeAssignableTo<string[]>().Which.Should().Contain(c => c.StartsWith("postgres: postgres postgres [local] DO", StringComparison.Ordinal));
        warden.Events.Named(EventNames.Exited, "pg").Should().ContainSingle("the new postmaster started at once instead of failing on the shared memory block");
    }

    public void Dispose()
    {
        if (_client is { HasExited: false })
        {
            _client.Kill();
        }

        _client?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static List<int> Backends(int postmaster) =>
        ProcessInfo.ListDescendants(postmaster).Where(pid => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("[local] DO", StringComparison.Ordinal)).ToList();

    private static int Query(string sockets, int port, string sql)
    {
        using var psql = Process.Start(new ProcessStartInfo(Path.Combine(Bin, "psql"), ["-h", sockets, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-tAc", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        psql.WaitForExit();
        return psql.ExitCode;
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {error}");
        }
    }
}
