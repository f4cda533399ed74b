using System.Net.Http;
using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests.Servers;

/// <summary>
/// nginx from Debian's package under the real warden, configured as an operator would: a pre-start
/// `nginx -t` guards the start, and `warden reload nginx` sends SIGHUP to the master, which re-reads
/// its config with its workers replaced and its own pid kept.
/// </summary>
public sealed class NginxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Warden_reload_nginx_serves_the_changed_config_with_the_same_master_pid()
    {
        using var folder = new ServerFolder("nginx");
        var port = FreePort.Next();
        var conf = WriteConfig(folder, port, "first");
        await using var warden = RunningWarden.Start(Service(conf, folder));

        var running = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "nginx running");
        var pid = PidOf(running);
        (await Eventually.Value(() => GetAsync(port), body => body == "first", "nginx serving the first config")).Should().Be("first");

        WriteConfig(folder, port, "second");
        var reload = await warden.CliAsync("reload", "nginx");

        reload.ExitCode.Should().Be(0, reload.Stderr);
        reload.Stdout.Should().Contain($"sent SIGHUP to pid {pid}");
        (await Eventually.Value(() => GetAsync(port), body => body == "second", "nginx serving the reloaded config")).Should().Be("second");
        var after = await warden.StatusAsync();
        PidOf(after).Should().Be(pid, "a reload keeps the master process");
        RunningWarden.Instances(after).Single().GetProperty("restarts").GetInt32().Should().Be(0, "a reload is not a restart");
        await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "service-reloaded" && e.GetProperty("pid").GetInt32() == pid, Patience, "the service-reloaded event");
    }

    [Fact]
    public async Task A_broken_nginx_conf_is_refused_by_the_pre_start_nginx_t_with_its_error_shown()
    {
        using var folder = new ServerFolder("nginx");
        var port = FreePort.Next();
        var conf = WriteConfig(folder, port, "fine");
        File.AppendAllText(conf, "\nthis_is_not_a_directive on;\n");
        await using var warden = RunningWarden.Start(Service(conf, folder, "start-retries = 0, fatal-retry = off"));

        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "fatal", 1), Patience, "nginx fatal after its pre-start failed");

        var refusal = (await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "spawn-failed", Patience, "the spawn-failed event")).GetProperty("error").GetString();
        refusal.Should().Contain("pre-start failed").And.Contain("unknown directive \"this_is_not_a_directive\"");
        warden.Events().Should().NotContain(e => e.GetProperty("event").GetString() == "started", "nginx itself never ran");
        warden.Output.Should().Contain("unknown directive", "the refusal is in the warden's own log too");
        (await warden.CliAsync("status")).Stdout.Should().Contain("FATAL");
    }

    [Fact]
    public async Task An_access_log_on_dev_stdout_lands_in_the_captured_log()
    {
        using var folder = new ServerFolder("nginx");
        var port = FreePort.Next();
        var conf = WriteConfig(folder, port, "logged", accessLog: "/dev/stdout");
        await using var warden = RunningWarden.Start(Service(conf, folder));

        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "nginx running with its access log on /dev/stdout");
        var path = "/marker-" + Guid.NewGuid().ToString("N");
        (await Eventually.Value(() => GetAsync(port, path), body => body == "logged", "nginx serving the logged path")).Should().Be("logged");

        var log = Path.Combine(warden.Directory, "logs", "nginx", "nginx.out.log");
        var text = await Eventually.Value(() => Task.FromResult(File.Exists(log) ? File.ReadAllText(log) : string.Empty), t => t.Contains(path, StringComparison.Ordinal), "the request in the access log");
        text.Should().Contain($"GET {path} HTTP/1.1\" 200", "stdout is a pipe the program can open by name, as under supervisord");
        warden.Events().Should().NotContain(e => e.GetProperty("event").GetString() == "exited", "nginx does not fail on /dev/stdout");
    }

    private static string Service(string conf, ServerFolder folder, string extra = "") => $$"""
            nginx {
              command = "{{Nginx}}"
              args = ["-c", "{{conf}}", "-p", "{{folder.Path}}", "-e", "stderr"]
              pre-start = ["{{Nginx}}", "-t", "-q", "-c", "{{conf}}", "-p", "{{folder.Path}}", "-e", "stderr"]
              reload { signal = SIGHUP }
              stop { signal = SIGQUIT, timeout = 5s }
              start-seconds = 200ms
              {{extra}}
            }
        """;

    private static string Nginx => ServerFolder.Require("nginx", "nginx");

    private static string WriteConfig(ServerFolder folder, int port, string body, string accessLog = "off")
    {
        var conf = folder.Sub("nginx.conf");
        File.WriteAllText(conf, $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{folder.Sub("nginx.pid")}};
            error_log stderr notice;
            events { worker_connections 64; }
            http {
              access_log {{accessLog}};
              client_body_temp_path {{folder.Sub("body")}};
              proxy_temp_path {{folder.Sub("proxy")}};
              fastcgi_temp_path {{folder.Sub("fastcgi")}};
              uwsgi_temp_path {{folder.Sub("uwsgi")}};
              scgi_temp_path {{folder.Sub("scgi")}};
              server {
                listen 127.0.0.1:{{port}};
                location / { return 200 "{{body}}"; }
              }
            }
            """);
        return conf;
    }

    private static int PidOf(JsonElement status) => RunningWarden.Instances(status).Single().GetProperty("pid").GetInt32();

    private static async Task<string> GetAsync(int port, string path = "/")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}{path}"));
    }
}
