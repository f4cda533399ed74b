using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>
/// MAINPID= with a real forking daemon: the launcher forks, the daemon leaves the session, names itself
/// with MAINPID= and READY=1, and the launcher exits 0. Before, that exit was the instance's end: it was
/// restarted while the daemon ran on.
/// </summary>
[Trait("Category", "RealProcess")]
public sealed class MainPidRealProcessTests
{
    private const string Daemon = """
        import os, socket, sys, time
        pid = os.fork()
        if pid == 0:
            os.setsid()
            with open("daemon.pid", "w") as f:
                f.write(str(os.getpid()))
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.sendto(("MAINPID=%d\nREADY=1" % os.getpid()).encode(), os.environ["NOTIFY_SOCKET"])
            while True:
                print("daemon alive", flush=True)
                time.sleep(0.1)
        while not os.path.exists("launcher-may-exit"):
            time.sleep(0.02)
        sys.exit(0)
        """;

    private static Task<RealWarden> StartAsync() =>
        RealWarden.StartAsync(folder =>
        {
            var script = Path.Combine(folder, "daemon.py");
            File.WriteAllText(script, Daemon);
            return RealWarden.Settings(folder, RealWarden.Shell("daemon", "", folder, s => s with
            {
                Command = NotifyScript.Interpreter,
                Args = [script],
                Ready = ReadyMode.Notify,
                Restart = RestartPolicy.Always,
                StartTimeout = TimeSpan.FromSeconds(10),
                Logs = s.Logs with { Enabled = true },
            }));
        });

    /// <summary>Waits until the warden has read MAINPID=, then lets the launcher exit; returns the daemon's pid.</summary>
    private static async Task<int> HandOverAsync(RealWarden warden)
    {
        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Notify, "daemon").Any(e => e.Fields["main_pid"] is int)), TimeSpan.FromSeconds(15), "MAINPID= read");
        var daemon = int.Parse(File.ReadAllText(Path.Combine(warden.Folder, "daemon.pid")), System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(warden.Folder, "launcher-may-exit"), "");
        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.MainPid, "daemon").Count > 0), TimeSpan.FromSeconds(15), "the hand-over");
        return daemon;
    }

    [Fact]
    public async Task The_launcher_exiting_hands_the_instance_over_to_its_MAINPID_which_is_watched_and_stopped()
    {
        await using var warden = await StartAsync();
        var daemon = await HandOverAsync(warden);
        var launcher = (int)warden.Events.Named(EventNames.Started, "daemon").Single().Fields["pid"]!;

        await Task.Delay(500);
        var status = await warden.StatusAsync("daemon");
        status.State.Should().Be(ProcessState.Running);
        status.Pid.Should().Be(daemon);
        status.Restarts.Should().Be(0);
        warden.Events.Named(EventNames.Exited, "daemon").Should().BeEmpty("the launcher's exit 0 is not the instance's end");
        var handOver = warden.Events.Named(EventNames.MainPid, "daemon").Single();
        handOver.Fields["pid"].Should().Be(daemon);
        handOver.Fields["launcher_pid"].Should().Be(launcher);
        handOver.Fields["code"].Should().Be(0);

        (await warden.Warden.StopAsync("daemon")).Kind.Should().Be(ControlOutcome.Ok);
        await warden.WaitForState("daemon", ProcessState.Stopped, TimeSpan.FromSeconds(15));
        (ProcessInfo.ReadStartTime(daemon) is null || ProcessInfo.IsZombie(daemon)).Should().BeTrue("the stop signalled the main process");
        warden.Events.Named(EventNames.Stopped, "daemon").Single().Fields["pid"].Should().Be(daemon);
        File.ReadAllText(Path.Combine(warden.Folder, "logs", "daemon.out.log")).Should().Contain("daemon alive", "the daemon's output still reaches the log through the launcher's pipe");
    }

    [Fact]
    public async Task The_end_of_the_MAINPID_is_the_instance_s_exit_and_restarts_it()
    {
        await using var warden = await StartAsync();
        var daemon = await HandOverAsync(warden);

        using (var process = System.Diagnostics.Process.GetProcessById(daemon))
        {
            process.Kill();
        }

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Started, "daemon").Count >= 2), TimeSpan.FromSeconds(15), "a restart");
        warden.Events.Named(EventNames.Exited, "daemon").Should().ContainSingle().Which.Fields["pid"].Should().Be(daemon);
    }
}
