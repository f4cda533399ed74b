using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Host.Decisions;
using Serilog.Events;
using static ActorWarden.Host.Tests.Decisions.Events;

namespace ActorWarden.Host.Tests.Decisions;

/// <summary>Every event the supervision actors emit, as the one line an operator reads in the warden's log.</summary>
public sealed class DecisionLinesTests
{
    public static TheoryData<string, WardenEvent, DecisionKind, LogEventLevel, string> Lines() => new()
    {
        { "spawned", Make("web", "web-1", new StartedEvent(4242, "/bin/web", ["-p", "80"], false)), DecisionKind.Spawned, LogEventLevel.Information, "spawned: 'web-1' with pid 4242" },
        { "adopted", Make("web", "web-1", new StartedEvent(4242, "/bin/web", [], true)), DecisionKind.Adopted, LogEventLevel.Information, "adopted: 'web-1' with pid 4242, left running by a previous warden" },
        { "spawn failure", Make("web", "web-1", new SpawnFailedEvent("No such file or directory (ENOENT)", "/bin/nosuch")), DecisionKind.SpawnFailed, LogEventLevel.Error, "spawnerr: can't start 'web-1' (/bin/nosuch): No such file or directory (ENOENT)" },
        { "running", Make("web", "web-1", new StateEvent(ProcessState.Starting, ProcessState.Running, "start-seconds passed")), DecisionKind.Running, LogEventLevel.Information, "success: web-1 entered RUNNING state" },
        { "exit, not expected", Exited(T0, "crasher"), DecisionKind.ExitedUnexpected, LogEventLevel.Warning, "exited: crasher (exit status 1; not expected)" },
        { "exit, expected", Exited(T0, "crasher", code: 0), DecisionKind.ExitedExpected, LogEventLevel.Information, "exited: crasher (exit status 0; expected)" },
        { "exit by signal with core", Make("web", "web-2", new ExitedEvent(7, null, 11, true, 5000L, false)), DecisionKind.ExitedUnexpected, LogEventLevel.Warning, "exited: web-2 (terminated by SIGSEGV (core dumped); not expected)" },
        { "failed start", Make("web", "web-1", new ExitedEvent(7, 0, null, false, 300L, true)), DecisionKind.ExitedUnexpected, LogEventLevel.Warning, "exited: web-1 (exit status 0; not expected), 300 ms after start, before start-seconds" },
        { "backoff", Make("web", "web-1", new BackoffEvent(1500L, 2, "exit code 1; failed start 2 of 3")), DecisionKind.Backoff, LogEventLevel.Information, "backoff: web-1 restarts in 1.5 s (attempt 2): exit code 1; failed start 2 of 3" },
        { "restart at once", Make("web", "web-1", new ServiceDirectiveEvent("web", "web-1", "restart", "restart", "exit code 3; exit-codes.3 = ignore", "ProcessExitedException", 0L)), DecisionKind.Restarting, LogEventLevel.Information, "restarting: web-1 at once: exit code 3; exit-codes.3 = ignore" },
        { "restart after a backoff (its backoff line follows)", Make("web", "web-1", new ServiceDirectiveEvent("web", "web-1", "restart", "restart", "exit code 1", "ProcessExitedException", 500L)), DecisionKind.Decided, LogEventLevel.Debug, "decided: service supervisor 'web' applies restart to web-1: exit code 1" },
        { "fatal decision (its FATAL line follows)", Make("web", "web-1", new ServiceDirectiveEvent("web", "web-1", "stop", "fatal", "exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off", "StartFailedException", null)), DecisionKind.Decided, LogEventLevel.Debug, "decided: service supervisor 'web' stops restarting web-1 (fatal): exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off" },
        { "group restart", Make("db", null, new GroupDirectiveEvent("backend", "db", "restart", "one-for-all", ["db", "api"], "db: exit code 1", "ProcessExitedException")), DecisionKind.GroupRestart, LogEventLevel.Warning, "group restart: 'backend' restarts db, api (one-for-all): db: exit code 1" },
        { "root restart", Make(null, null, new RootDirectiveEvent("warden", "backend", "restart", "db failed", "InstanceFailureException")), DecisionKind.RootRestart, LogEventLevel.Warning, "root restart: group 'backend' restarts: db failed" },
        { "escalated", Make("web", "web-1", new EscalatedEvent("web", "service", "backend", "exit code 1; more than 3 restarts within 10 s (service intensity)")), DecisionKind.Escalated, LogEventLevel.Warning, "escalated: service supervisor 'web' handed the failure of web-1 to group 'backend': exit code 1; more than 3 restarts within 10 s (service intensity)" },
        { "fatal", Make("crasher", "crasher", new FatalEvent("exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off", null)), DecisionKind.Fatal, LogEventLevel.Error, "gave up: crasher entered FATAL state, exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off" },
        { "root gives up and parks", Make(null, null, new GaveUpEvent("backend", "park", null, "too many")), DecisionKind.GaveUp, LogEventLevel.Error, "gave up: group 'backend' stays stopped (on-give-up = park): too many" },
        { "root gives up and exits", Make(null, null, new GaveUpEvent("backend", "exit", 3, "too many")), DecisionKind.GaveUp, LogEventLevel.Fatal, "gave up: group 'backend', the warden exits with code 3 (on-give-up = exit): too many" },
        { "health failing", Make("web", "web-1", new HealthEvent(HealthState.Unhealthy, "GET /health: 503")), DecisionKind.HealthFailing, LogEventLevel.Warning, "health: web-1 is failing its check: GET /health: 503" },
        { "health healthy", Make("web", "web-1", new HealthEvent(HealthState.Healthy, "GET /health: 200")), DecisionKind.HealthRecovered, LogEventLevel.Information, "health: web-1 is healthy: GET /health: 200" },
        { "health check starts", Make("web", "web-1", new HealthEvent(HealthState.Starting, "http check every 5 s")), DecisionKind.HealthChecking, LogEventLevel.Debug, "health: checking web-1: http check every 5 s" },
        { "memory", Make("web", "web-1", new MemoryExceededEvent(9, 300L * 1024 * 1024, 256L * 1024 * 1024)), DecisionKind.MemoryExceeded, LogEventLevel.Warning, "memory: web-1 (pid 9) uses 300 MiB, over max-memory 256 MiB" },
        { "stopping", Make("web", "web-1", new StoppingEvent(9, "SIGTERM", 10000L, "operator stop")), DecisionKind.Stopping, LogEventLevel.Debug, "stopping: web-1 (pid 9) with SIGTERM, killed after 10 s: operator stop" },
        { "stopped", Make("web", "web-1", new StoppedEvent(9, null, 15, 1000L)), DecisionKind.Stopped, LogEventLevel.Information, "stopped: web-1 (terminated by SIGTERM)" },
        { "killed at the stop timeout", Make("web", "web-1", new KilledEvent(9, "no exit within stop.timeout (2 s) after SIGTERM")), DecisionKind.Killed, LogEventLevel.Warning, "killed: web-1 (pid 9) with SIGKILL: no exit within stop.timeout (2 s) after SIGTERM" },
        { "signal to the main process", Make("redis", "redis", new SignalledEvent(41, "SIGUSR1", false)), DecisionKind.Signalled, LogEventLevel.Information, "signal: sent SIGUSR1 to redis (pid 41)" },
        { "signal to the group", Make("web", "web-2", new SignalledEvent(42, "SIGHUP", true)), DecisionKind.Signalled, LogEventLevel.Information, "signal: sent SIGHUP to web-2 (process group 42)" },
        { "reloaded by signal", Make("nginx", "nginx", ServiceReloadedEvent.BySignal(43, "SIGHUP")), DecisionKind.ServiceReloaded, LogEventLevel.Information, "reloaded: nginx in place, pid 43 kept (sent SIGHUP)" },
        { "reloaded by command", Make("app", "app", ServiceReloadedEvent.ByCommand(44, "/bin/app reload", "ok")), DecisionKind.ServiceReloaded, LogEventLevel.Information, "reloaded: app in place, pid 44 kept ('/bin/app reload' succeeded)" },
        { "reload failed", Make("app", "app", new ServiceReloadFailedEvent(44, "/bin/app reload", "'/bin/app reload' exit code 2: bad")), DecisionKind.ServiceReloadFailed, LogEventLevel.Warning, "reload failed: app keeps running as it was (pid 44): '/bin/app reload' exit code 2: bad" },
        { "pre-start failed (the spawnerr line follows)", Make("nginx", "nginx", new PreStartEvent(Hook(false, "/usr/sbin/nginx -t", 1, null, false, "nginx: [emerg] unknown directive"))), DecisionKind.PreStart, LogEventLevel.Debug, "pre-start: nginx: '/usr/sbin/nginx -t' failed (exit status 1): nginx: [emerg] unknown directive" },
        { "post-stop timed out", Make("db", "db", new PostStopEvent(45, Hook(false, "/bin/cleanup", null, 9, true, ""))), DecisionKind.PostStop, LogEventLevel.Warning, "post-stop: db: '/bin/cleanup' failed (killed at hook-timeout)" },
        { "post-stop that could not be planned", Make("db", "db", new PostStopEvent(45, null, "undefined ${X}")), DecisionKind.PostStop, LogEventLevel.Warning, "post-stop: db: '' failed (could not start: undefined ${X})" },
        { "binds-to stop", Make("api", null, new BindsToStopEvent("db", "db is exited")), DecisionKind.BindsToStop, LogEventLevel.Warning, "binds-to: stopping api: db is exited (binds-to db)" },
        { "binds-to start", Make("api", null, new BindsToStartEvent(["db"])), DecisionKind.BindsToStart, LogEventLevel.Information, "binds-to: starting api again: db ready" },
        { "orphan killed", Make("web", "web-1", new OrphanEvent(77, Adopted: false)), DecisionKind.OrphanKilled, LogEventLevel.Warning, "orphan: killed pid 77 of web-1, left running by a previous warden" },
        { "orphan adopted", Make("web", "web-1", new OrphanEvent(77, Adopted: true)), DecisionKind.OrphanAdopted, LogEventLevel.Information, "orphan: adopted pid 77 as web-1, left running by a previous warden" },
        { "ready", Make("db", "db", new ReadyEvent(7, 2013L)), DecisionKind.Ready, LogEventLevel.Information, "ready: db sent READY=1 after 2.013 s" },
        { "start-timeout", Make("db", "db", new StartTimeoutEvent(7, 30000L)), DecisionKind.StartTimeout, LogEventLevel.Warning, "start-timeout: db (pid 7) sent no READY=1 within 30 s; stopping it" },
        { "notify status", Make("db", "db", new NotifyEvent(7, "draining", true, false, null, null)), DecisionKind.Notice, LogEventLevel.Information, "notify: db: stopping: draining" },
        { "notify refused", Make("db", "db", new NotifyRefusedEvent(555, 0, "pid 555 (session 555, parent 1) is not in the instance's process tree", 10L)), DecisionKind.NotifyRefused, LogEventLevel.Warning, "notify: dropped a datagram for db from pid 555: pid 555 (session 555, parent 1) is not in the instance's process tree (10 dropped so far)" },
        { "main pid handed over", Make("db", "db", new MainPidEvent(4243, 4242, 0, null)), DecisionKind.MainPid, LogEventLevel.Information, "main pid: db is now pid 4243 (MAINPID=; its launcher, pid 4242, exited with 0)" },
        { "leftovers killed", Make("pg", "pg", new LeftoversEvent(false, 40, [41, 42], ["postgres: checkpointer", "postgres: walwriter"], Kept: false)), DecisionKind.Leftovers, LogEventLevel.Warning, "leftovers: pg (pid 40) exited and left pids 41, 42 (postgres: checkpointer, postgres: walwriter); killed before the next start" },
        { "escaped, kept", Make("pg", "pg", new LeftoversEvent(true, 40, [41], ["postgres: checkpointer"], Kept: true)), DecisionKind.Escaped, LogEventLevel.Warning, "escaped: pids 41 (postgres: checkpointer) outlived pg (pid 40) at its stop; kept running (kill-mode = process)" },
        { "oom-killed", Make("web", "web-1", new OomKilledEvent(9, 1L, 256L * 1024 * 1024, 256L * 1024 * 1024)), DecisionKind.OomKilled, LogEventLevel.Warning, "oom: the kernel killed 1 process(es) of web-1 (pid 9) at max-memory 256 MiB" },
        { "leftover control group", Make(null, null, new LeftoverGroupEvent("pg.1a2b3c4d", [41], ["postgres: checkpointer"])), DecisionKind.LeftoverGroup, LogEventLevel.Warning, "leftover: killed pids 41 (postgres: checkpointer) left in control group pg.1a2b3c4d by a previous warden" },
        { "warden started", Make(null, null, new WardenStartedEvent("farm", "/etc/warden.conf", 100, 5, 7)), DecisionKind.WardenStarted, LogEventLevel.Information, "warden 'farm' started (pid 100): 5 services, 7 instances from /etc/warden.conf" },
        { "warden ready", Make(null, null, new WardenReadyEvent(["db", "web"])), DecisionKind.WardenReady, LogEventLevel.Information, "ready: every autostart service is running (db, web)" },
        { "warden stopping", Make(null, null, new WardenStoppingEvent("SIGTERM", 30000L)), DecisionKind.WardenStopping, LogEventLevel.Information, "warden stopping: SIGTERM (shutdown-timeout 30 s)" },
        { "warden stopped", Make(null, null, new WardenStoppedEvent(0, 0)), DecisionKind.WardenStopped, LogEventLevel.Information, "warden stopped with exit code 0" },
        { "warden stopped, killing", Make(null, null, new WardenStoppedEvent(0, 2)), DecisionKind.WardenStopped, LogEventLevel.Warning, "warden stopped with exit code 0; 2 processes were killed at the shutdown-timeout" },
        { "command", Make(null, null, new CommandEvent("restart", "web", ["web-1", "web-2"])), DecisionKind.Command, LogEventLevel.Information, "command: restart web (web-1, web-2)" },
        { "reloaded", Make(null, null, new ReloadedEvent("/etc/w.conf", ["a"], [], ["b"], ["c"], [])), DecisionKind.Reloaded, LogEventLevel.Information, "reloaded: /etc/w.conf (added: a; changed: b; in place: c)" },
        { "reloaded, nothing to do", Make(null, null, new ReloadedEvent("/etc/w.conf", [], [], [], [], [])), DecisionKind.Reloaded, LogEventLevel.Information, "reloaded: /etc/w.conf (nothing changed)" },
        { "warden started with one of each", Make(null, null, new WardenStartedEvent("one", "/etc/one.conf", 101, 1, 1)), DecisionKind.WardenStarted, LogEventLevel.Information, "warden 'one' started (pid 101): 1 service, 1 instance from /etc/one.conf" },
        { "reload failed", Make(null, null, new ReloadFailedEvent("/etc/w.conf", "/etc/w.conf:3:5: unknown key")), DecisionKind.ReloadFailed, LogEventLevel.Error, "reload refused, nothing changed: /etc/w.conf:3:5: unknown key" },
        { "captured output dropped", Make("web", "web-1", new LogsDroppedEvent("stdout", null, "buffer-full", 10L, 12L, null, null)), DecisionKind.CapturedOutput, LogEventLevel.Warning, "output: dropped 10 lines of web-1 (stdout, buffer-full; 12 in all)" },
        { "syslog target down", Make("web", "web-1", new LogsShipFailedEvent("udp://logs:514", "connection refused")), DecisionKind.CapturedOutput, LogEventLevel.Warning, "output: syslog udp://logs:514 refuses lines of web-1: connection refused" },
        { "log file written again", Make("web", "web-1", new LogsWriteRecoveredEvent("stdout", "/var/log/web-1.log")), DecisionKind.CapturedOutput, LogEventLevel.Information, "output: web-1 is written again (logs-write-recovered)" },
        { "an event read back from the wire is not a decision", Make("web", "web-1", new WireEvent("state", new Dictionary<string, object?> { ["to"] = "running" })), DecisionKind.Other, LogEventLevel.Debug, "state: web-1" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Each_event_becomes_one_supervisord_worded_line(string what, WardenEvent @event, DecisionKind kind, LogEventLevel level, string text)
    {
        var line = DecisionLines.Describe(@event, DecisionContext.Default);

        line.Should().Be(new DecisionLine(kind, level, line!.Subject, text), what);
    }

    [Fact]
    public void An_exit_code_in_the_services_success_exit_codes_is_expected()
    {
        var context = DecisionContext.Default with { IsSuccessExit = (service, code) => service == "crasher" && code == 3 };

        DecisionLines.Describe(Exited(T0, "crasher", code: 3), context)!.Text.Should().Be("exited: crasher (exit status 3; expected)");
        DecisionLines.Describe(Exited(T0, "crasher", code: 0), context)!.Text.Should().Be("exited: crasher (exit status 0; not expected)");
    }

    [Fact]
    public void Healthy_after_failing_reads_recovered()
    {
        var healthy = Make("web", "web-1", new HealthEvent(HealthState.Healthy, "GET /health: 200"));

        var line = DecisionLines.Describe(healthy, DecisionContext.Default with { PreviousHealth = HealthState.Unhealthy })!;

        line.Should().Be(new DecisionLine(DecisionKind.HealthRecovered, LogEventLevel.Information, "web-1", "health: web-1 recovered: GET /health: 200"));
    }

    [Fact]
    public void The_subject_is_the_instance_else_the_group_else_the_warden()
    {
        DecisionLines.Describe(Exited(T0, "crasher"), DecisionContext.Default)!.Subject.Should().Be("crasher");
        DecisionLines.Describe(Make(null, null, new GaveUpEvent("backend", "park", null, "too many")), DecisionContext.Default)!.Subject.Should().Be("backend");
        DecisionLines.Describe(Make(null, null, new WardenReadyEvent([])), DecisionContext.Default)!.Subject.Should().Be("warden");
    }

    [Fact]
    public void State_changes_other_than_running_restate_a_line_already_written_and_are_left_out()
    {
        DecisionLines.Describe(Make("web", "web-1", new StateEvent(ProcessState.Running, ProcessState.Exited, "exit code 1")), DecisionContext.Default).Should().BeNull();
    }
}
