using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Containment;

/// <summary>
/// Issue 13's nginx case with Debian's nginx (installed by .ci/install-deps): the master killed with
/// SIGKILL used to leave its workers holding the port, and the new master crash-looped on
/// "bind() (98: Address already in use)". With kill-mode = control-group the workers go with the
/// group before the restart.
/// </summary>
[Trait("Category", "RealProcess")]
public sealed class NginxContainmentTests : IDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private readonly string _prefix = Directory.CreateTempSubdirectory("aw-nginx-").FullName;

    [Fact]
    public async Task A_master_killed_with_SIGKILL_is_replaced_by_one_serving_within_2_s_and_no_old_worker_is_left()
    {
        File.Exists(Nginx).Should().BeTrue("nginx is installed by .ci/install-deps");
        var port = FreePort();
        File.WriteAllText(Path.Combine(_prefix, "nginx.conf"), $$"""
            daemon off;
            master_process on;
            worker_processes 2;
            pid {{_prefix}}/nginx.pid;
            error_log {{_prefix}}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{_prefix}}/body;
              proxy_temp_path {{_prefix}}/proxy;
              fastcgi_temp_path {{_prefix}}/fastcgi;
              uwsgi_temp_path {{_prefix}}/uwsgi;
              scgi_temp_path {{_prefix}}/scgi;
              server { listen 127.0.0.1:{{port}}; location / { return 200 "ok\n"; } }
            }
            """);
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, new ServiceSpec
            {
                Name = "nginx",
                Command = Nginx,
                Args = ["-p", _prefix, "-c", Path.Combine(_prefix, "nginx.conf")],
                Directory = folder,
                StartSeconds = TimeSpan.FromMilliseconds(200),
                Restart = RestartPolicy.Always,
                Backoff = new BackoffSpec { Min = TimeSpan.FromMilliseconds(50), Jitter = 0 },
                Logs = new LogSpec { Enabled = false, Directory = Path.Combine(folder, "logs") },
            }),
            launcher: ProcessLauncher.Create(new ContainmentOptions { Setting = ContainmentSetting.V2, WardenId = "svtest-" + Guid.NewGuid().ToString("N")[..12] }));
        await warden.WaitForState("nginx", ProcessState.Running);
        var master = (await warden.StatusAsync("nginx")).Pid!.Value;
        await RealWarden.Eventually(() => Task.FromResult(Workers(master).Count == 2), because: "two workers");
        var workers = Workers(master).ToDictionary(pid => pid, pid => ProcessInfo.ReadStartTime(pid)!.Value);
        (await Get(port)).Should().Be(HttpStatusCode.OK);

        var clock = Stopwatch.StartNew();
        Process.GetProcessById(master).Kill();
        try
        {
            await RealWarden.Eventually(
                async () => await warden.StatusAsync("nginx") is { State: ProcessState.Running, Pid: { } pid } && pid != master && await Get(port) == HttpStatusCode.OK,
                TimeSpan.FromSeconds(2),
                "a new master serving");
        }
        catch (TimeoutException timeout)
        {
            // Which step was late: the warden's own timeline, and nginx's view (a bind retried, a worker failing).
            var timeline = string.Join(", ", warden.Events.All.Select(e => $"{e.Ts:HH:mm:ss.fff} {e.Event}{(e.Event == EventNames.State ? " " + e.Fields["to"] : "")}"));
            throw new TimeoutException($"{timeout.Message}\nevents: {timeline}\nnginx error.log: {File.ReadAllText(Path.Combine(_prefix, "error.log"))}", timeout);
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        workers.Should().OnlyContain(w => ProcessInfo.ReadStartTime(w.Key) != w.Value, "the old workers were killed and reaped before the restart");
        warden.Events.Named(EventNames.Leftovers, "nginx").Should().ContainSingle()
            .Which.Fields["commands"].Should().BeAssignableTo<string[]>().Which.Should().OnlyContain(c => c.StartsWith("nginx: worker process"));
        warden.Events.Named(EventNames.Exited, "nginx").Should().ContainSingle("the new master did not crash-loop on a port still held");
    }

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    private static List<int> Workers(int master) =>
        ProcessInfo.ListDescendants(master).Where(pid => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("nginx: worker process", StringComparison.Ordinal)).ToList();

    private static async Task<HttpStatusCode?> Get(int port)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
            return (await client.GetAsync($"http://127.0.0.1:{port}/")).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
