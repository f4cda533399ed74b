using System.Net.Sockets;
using System.Text;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Notify;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>The sd_notify protocol with real children: a Python script that sends READY=1 and WATCHDOG=1.</summary>
[Trait("Category", "RealProcess")]
public sealed class NotifyRealProcessTests
{
    private static ServiceSpec Notifier(string name, string folder, string arguments, Func<ServiceSpec, ServiceSpec>? configure = null)
    {
        var script = NotifyScript.WriteTo(folder);
        var spec = RealWarden.Shell(name, "", folder) with
        {
            Command = NotifyScript.Interpreter,
            Args = [script, .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        };
        return configure is null ? spec : configure(spec);
    }

    /// <summary>
    /// A root warden runs the service as nobody, who must reach its socket: the sockets of a root
    /// warden live in /run/actorwarden/notify/, not in the 0700 state folder (where nobody got EACCES
    /// and the instance timed out). The script and its working folder are in a folder nobody may use.
    /// </summary>
    [Fact]
    public async Task A_service_running_as_another_user_reaches_its_socket_and_becomes_ready()
    {
        Environment.UserName.Should().Be("root", "this test runs a service as nobody, which needs a root warden (as CI runs)");
        var shared = Directory.CreateTempSubdirectory("warden-notify-user-");
        try
        {
            File.SetUnixFileMode(shared.FullName, (UnixFileMode)0x1FF);
            var script = NotifyScript.WriteTo(shared.FullName);
            File.SetUnixFileMode(script, (UnixFileMode)0x1A4);
            await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
                RealWarden.Shell("db", "", folder) with
                {
                    Command = NotifyScript.Interpreter,
                    Args = [script, "ready-after=0.2", "status=as-nobody"],
                    Directory = shared.FullName,
                    User = "nobody",
                    Ready = ReadyMode.Notify,
                    StartTimeout = TimeSpan.FromSeconds(10),
                }));

            await warden.WaitForState("db", ProcessState.Running, TimeSpan.FromSeconds(15));

            warden.Events.Named(EventNames.Ready, "db").Should().ContainSingle();
            (await warden.StatusAsync("db")).Description.Should().Be("as-nobody");
            var socket = File.ReadAllLines(Path.Combine(shared.FullName, "env-db"))[0];
            socket.Should().StartWith("/run/actorwarden/notify/");
        }
        finally
        {
            shared.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task READY_1_after_two_seconds_holds_the_dependent_service_until_then()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            Notifier("db", folder, "ready-after=2 status=loaded", s => s with { Ready = ReadyMode.Notify }),
            RealWarden.Shell("app", "exec sleep 300", folder, s => s with { DependsOn = ["db"] })));

        await warden.WaitForState("app", ProcessState.Running, TimeSpan.FromSeconds(15));

        var dbStarted = warden.Events.Named(EventNames.Started, "db").Single();
        var dbReady = warden.Events.Named(EventNames.Ready, "db").Single();
        var appStarted = warden.Events.Named(EventNames.Started, "app").Single();
        ((long)dbReady.Fields["after_ms"]!).Should().BeGreaterThanOrEqualTo(2000);
        (dbReady.Ts - dbStarted.Ts).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        appStarted.Ts.Should().BeOnOrAfter(dbReady.Ts);
        warden.Events.States("db").Should().Equal("starting", "running");
        var db = await warden.StatusAsync("db");
        db.State.Should().Be(ProcessState.Running);
        db.Description.Should().Be("loaded");
    }

    [Fact]
    public async Task A_child_that_stops_sending_WATCHDOG_1_is_restarted_after_failures_times_interval()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            Notifier("worker", folder, "beat-every=0.1 beat-for=1", s => s with
            {
                Health = new HealthSpec { Type = HealthCheckType.Heartbeat, Interval = TimeSpan.FromMilliseconds(300), Failures = 3, StartPeriod = TimeSpan.Zero },
            })));

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Started, "worker").Count >= 2), TimeSpan.FromSeconds(15), "a restart");

        var started = warden.Events.Named(EventNames.Started, "worker")[0];
        var health = warden.Events.Named(EventNames.Health, "worker").Select(e => (string)e.Fields["state"]!).ToArray();
        health.Take(3).Should().Equal("starting", "healthy", "unhealthy");
        var unhealthy = warden.Events.Named(EventNames.Health, "worker").First(e => (string)e.Fields["state"]! == "unhealthy");
        ((string)unhealthy.Fields["detail"]!).Should().Be("no WATCHDOG=1 for 900ms (3 x 300ms)");
        // Ten beats 0.1 s apart put the last at least 0.9 s after the start; the limit is 3 x 300 ms after it.
        (unhealthy.Ts - started.Ts).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1800)).And.BeLessThan(TimeSpan.FromSeconds(6));
        var directive = warden.Events.Directives("service").Should().ContainSingle().Subject;
        directive.Fields["directive"].Should().Be("restart");
        ((string)directive.Fields["reason"]!).Should().Contain("health check failed").And.Contain("no WATCHDOG=1");
        File.ReadAllLines(Path.Combine(warden.Folder, "env-worker"))
            .Should().Equal(Path.Combine(NotifySetup.DirectoryFor(RealWarden.Settings(warden.Folder)), "worker.sock"), "900000");
    }

    [Fact]
    public async Task WATCHDOG_trigger_fails_the_check_at_once()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            Notifier("hung", folder, "beat-every=0.1 trigger-after=0.3", s => s with
            {
                Health = new HealthSpec { Type = HealthCheckType.Heartbeat, Interval = TimeSpan.FromSeconds(30), Failures = 3, StartPeriod = TimeSpan.Zero },
            })));

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Health, "hung").Any(e => (string)e.Fields["state"]! == "unhealthy")), TimeSpan.FromSeconds(10), "the trigger");

        var started = warden.Events.Named(EventNames.Started, "hung")[0];
        var unhealthy = warden.Events.Named(EventNames.Health, "hung").First(e => (string)e.Fields["state"]! == "unhealthy");
        unhealthy.Fields["detail"].Should().Be("the service sent WATCHDOG=trigger");
        (unhealthy.Ts - started.Ts).Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_datagram_from_a_process_outside_the_instance_is_dropped_and_counted()
    {
        // sh -c without exec: the script is a child of the spawned shell, so the instance's own
        // READY=1 comes from a descendant and must still be accepted.
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("svc", $"{NotifyScript.Interpreter} {NotifyScript.WriteTo(folder)} ready-when=go; exit 0", folder, s => s with { Ready = ReadyMode.Notify })));
        var socketPath = Path.Combine(NotifySetup.DirectoryFor(RealWarden.Settings(warden.Folder)), "svc.sock");
        await RealWarden.Eventually(() => Task.FromResult(File.Exists(Path.Combine(warden.Folder, "env-svc"))), because: "the script to run");

        using (var foreign = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            foreign.SendTo(Encoding.UTF8.GetBytes("READY=1\nSTATUS=forged"), new UnixDomainSocketEndPoint(socketPath));
        }

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.NotifyRefused, "svc").Count == 1), because: "the refusal");
        var refused = warden.Events.Named(EventNames.NotifyRefused, "svc").Single();
        refused.Fields["pid"].Should().Be(Environment.ProcessId);
        refused.Fields["refused"].Should().Be(1L);
        (await warden.StatusAsync("svc")).State.Should().Be(ProcessState.Starting);
        warden.Events.Named(EventNames.Ready, "svc").Should().BeEmpty();

        File.WriteAllText(Path.Combine(warden.Folder, "go"), "");

        await warden.WaitForState("svc", ProcessState.Running);
        (await warden.StatusAsync("svc")).Description.Should().NotBe("forged");
    }

    [Fact]
    public async Task No_READY_1_within_start_timeout_is_a_failed_start_and_the_process_is_stopped()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("mute", "exec sleep 300", folder, s => s with { Ready = ReadyMode.Notify, StartTimeout = TimeSpan.FromSeconds(1), StartRetries = 1, FatalRetry = null })));

        await warden.WaitForState("mute", ProcessState.Fatal, TimeSpan.FromSeconds(15));

        var pid = (int)warden.Events.Named(EventNames.Started, "mute").Single().Fields["pid"]!;
        var timedOut = warden.Events.Named(EventNames.StartTimeout, "mute").Should().ContainSingle().Subject;
        timedOut.Fields["timeout_ms"].Should().Be(1000L);
        var exited = warden.Events.Named(EventNames.Exited, "mute").Should().ContainSingle().Subject;
        exited.Fields["failed_start"].Should().Be(true);
        exited.Fields["signal"].Should().Be(15);
        exited.Ts.Should().BeOnOrAfter(timedOut.Ts);
        var directive = warden.Events.Directives("service").Should().ContainSingle().Subject;
        directive.Fields["outcome"].Should().Be("fatal");
        warden.Events.States("mute").Should().Equal("starting", "backoff", "fatal");
        (ProcessInfo.ReadStartTime(pid) is null || ProcessInfo.IsZombie(pid)).Should().BeTrue();
    }
}
