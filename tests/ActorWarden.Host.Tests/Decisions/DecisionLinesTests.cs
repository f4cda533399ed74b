using ActorWarden.Host.Decisions;
using ActorWarden.Supervision.Control;
using Serilog.Events;
using static ActorWarden.Host.Tests.Decisions.Events;

namespace ActorWarden.Host.Tests.Decisions;

/// <summary>Every event the supervision actors emit, as the one line an operator reads in the warden's log.</summary>
public sealed class DecisionLinesTests
{
    public static TheoryData<string, WardenEvent, DecisionKind, LogEventLevel, string> Lines() => new()
    {
        { "spawned", Make("started", "web", "web-1", ("pid", 4242), ("command", "/bin/web"), ("args", new[] { "-p", "80" }), ("adopted", false)), DecisionKind.Spawned, LogEventLevel.Information, "spawned: 'web-1' with pid 4242" },
        { "adopted", Make("started", "web", "web-1", ("pid", 4242), ("command", "/bin/web"), ("args", Array.Empty<string>()), ("adopted", true)), DecisionKind.Adopted, LogEventLevel.Information, "adopted: 'web-1' with pid 4242, left running by a previous warden" },
        { "spawn failure", Make("spawn-failed", "web", "web-1", ("error", "No such file or directory (ENOENT)"), ("command", "/bin/nosuch")), DecisionKind.SpawnFailed, LogEventLevel.Error, "spawnerr: can't start 'web-1' (/bin/nosuch): No such file or directory (ENOENT)" },
        { "running", Make("state", "web", "web-1", ("from", "starting"), ("to", "running"), ("reason", "start-seconds passed")), DecisionKind.Running, LogEventLevel.Information, "success: web-1 entered RUNNING state" },
        { "exit, not expected", Exited(T0, "crasher"), DecisionKind.ExitedUnexpected, LogEventLevel.Warning, "exited: crasher (exit status 1; not expected)" },
        { "exit, expected", Exited(T0, "crasher", code: 0), DecisionKind.ExitedExpected, LogEventLevel.Information, "exited: crasher (exit status 0; expected)" },
        { "exit by signal with core", Make("exited", "web", "web-2", ("pid", 7), ("code", null), ("signal", 11), ("core_dumped", true), ("ran_for_ms", 5000L), ("failed_start", false)), DecisionKind.ExitedUnexpected, LogEventLevel.Warning, "exited: web-2 (terminated by SIGSEGV (core dumped); not expected)" },
        { "failed start", Make("exited", "web", "web-1", ("pid", 7), ("code", 0), ("signal", null), ("core_dumped", false), ("ran_for_ms", 300L), ("failed_start", true)), DecisionKind.ExitedUnexpected, LogEventLevel.Warning, "exited: web-1 (exit status 0; not expected), 300 ms after start, before start-seconds" },
        { "backoff", Make("backoff", "web", "web-1", ("delay_ms", 1500L), ("attempt", 2), ("reason", "exit code 1; failed start 2 of 3")), DecisionKind.Backoff, LogEventLevel.Information, "backoff: web-1 restarts in 1.5 s (attempt 2): exit code 1; failed start 2 of 3" },
        { "restart at once", Make("directive", "web", "web-1", ("supervisor", "web"), ("level", "service"), ("child", "web-1"), ("directive", "restart"), ("reason", "exit code 3; exit-codes.3 = ignore"), ("cause", "ProcessExitedException"), ("delay_ms", 0L)), DecisionKind.Restarting, LogEventLevel.Information, "restarting: web-1 at once: exit code 3; exit-codes.3 = ignore" },
        { "restart after a backoff (its backoff line follows)", Make("directive", "web", "web-1", ("supervisor", "web"), ("level", "service"), ("child", "web-1"), ("directive", "restart"), ("reason", "exit code 1"), ("cause", "ProcessExitedException"), ("delay_ms", 500L)), DecisionKind.Decided, LogEventLevel.Debug, "decided: service supervisor 'web' applies restart to web-1: exit code 1" },
        { "fatal decision (its FATAL line follows)", Make("directive", "web", "web-1", ("supervisor", "web"), ("level", "service"), ("child", "web-1"), ("directive", "stop"), ("outcome", "fatal"), ("reason", "exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off"), ("cause", "StartFailedException"), ("delay_ms", null)), DecisionKind.Decided, LogEventLevel.Debug, "decided: service supervisor 'web' stops restarting web-1 (fatal): exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off" },
        { "group restart", Make("directive", "db", null, ("supervisor", "backend"), ("level", "group"), ("child", "db"), ("directive", "restart"), ("strategy", "one-for-all"), ("affected", new[] { "db", "api" }), ("reason", "db: exit code 1"), ("cause", "ProcessExitedException")), DecisionKind.GroupRestart, LogEventLevel.Warning, "group restart: 'backend' restarts db, api (one-for-all): db: exit code 1" },
        { "root restart", Make("directive", null, null, ("supervisor", "warden"), ("level", "root"), ("child", "backend"), ("directive", "restart"), ("reason", "db failed"), ("cause", "InstanceFailureException")), DecisionKind.RootRestart, LogEventLevel.Warning, "root restart: group 'backend' restarts: db failed" },
        { "escalated", Make("escalated", "web", "web-1", ("supervisor", "web"), ("level", "service"), ("to", "backend"), ("reason", "exit code 1; more than 3 restarts within 10 s (service intensity)")), DecisionKind.Escalated, LogEventLevel.Warning, "escalated: service supervisor 'web' handed the failure of web-1 to group 'backend': exit code 1; more than 3 restarts within 10 s (service intensity)" },
        { "fatal", Make("fatal", "crasher", "crasher", ("reason", "exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off"), ("retry_in_ms", null)), DecisionKind.Fatal, LogEventLevel.Error, "gave up: crasher entered FATAL state, exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off" },
        { "root gives up and parks", Make("gave-up", null, null, ("group", "backend"), ("policy", "park"), ("exit_code", null), ("reason", "too many")), DecisionKind.GaveUp, LogEventLevel.Error, "gave up: group 'backend' stays stopped (on-give-up = park): too many" },
        { "root gives up and exits", Make("gave-up", null, null, ("group", "backend"), ("policy", "exit"), ("exit_code", 3), ("reason", "too many")), DecisionKind.GaveUp, LogEventLevel.Fatal, "gave up: group 'backend', the warden exits with code 3 (on-give-up = exit): too many" },
        { "health failing", Make("health", "web", "web-1", ("state", "unhealthy"), ("detail", "GET /health: 503")), DecisionKind.HealthFailing, LogEventLevel.Warning, "health: web-1 is failing its check: GET /health: 503" },
        { "health healthy", Make("health", "web", "web-1", ("state", "healthy"), ("detail", "GET /health: 200")), DecisionKind.HealthRecovered, LogEventLevel.Information, "health: web-1 is healthy: GET /health: 200" },
        { "health check starts", Make("health", "web", "web-1", ("state", "starting"), ("detail", "http check every 5 s")), DecisionKind.HealthChecking, LogEventLevel.Debug, "health: checking web-1: http check every 5 s" },
        { "memory", Make("memory-exceeded", "web", "web-1", ("pid", 9), ("rss_bytes", 300L * 1024 * 1024), ("limit_bytes", 256L * 1024 * 1024)), DecisionKind.MemoryExceeded, LogEventLevel.Warning, "memory: web-1 (pid 9) uses 300 MiB, over max-memory 256 MiB" },
        { "stopping", Make("stopping", "web", "web-1", ("pid", 9), ("signal", "SIGTERM"), ("timeout_ms", 10000L), ("reason", "operator stop")), DecisionKind.Stopping, LogEventLevel.Debug, "stopping: web-1 (pid 9) with SIGTERM, killed after 10 s: operator stop" },
        { "stopped", Make("stopped", "web", "web-1", ("pid", 9), ("code", null), ("signal", 15), ("ran_for_ms", 1000L)), DecisionKind.Stopped, LogEventLevel.Information, "stopped: web-1 (terminated by SIGTERM)" },
        { "killed at the stop timeout", Make("killed", "web", "web-1", ("pid", 9), ("reason", "no exit within stop.timeout (2 s) after SIGTERM")), DecisionKind.Killed, LogEventLevel.Warning, "killed: web-1 (pid 9) with SIGKILL: no exit within stop.timeout (2 s) after SIGTERM" },
        { "signal to the main process", Make("signalled", "redis", "redis", ("pid", 41), ("signal", "SIGUSR1"), ("group", false)), DecisionKind.Signalled, LogEventLevel.Information, "signal: sent SIGUSR1 to redis (pid 41)" },
        { "signal to the group", Make("signalled", "web", "web-2", ("pid", 42), ("signal", "SIGHUP"), ("group", true)), DecisionKind.Signalled, LogEventLevel.Information, "signal: sent SIGHUP to web-2 (process group 42)" },
        { "reloaded by signal", Make("service-reloaded", "nginx", "nginx", ("pid", 43), ("signal", "SIGHUP")), DecisionKind.ServiceReloaded, LogEventLevel.Information, "reloaded: nginx in place, pid 43 kept (sent SIGHUP)" },
        { "reloaded by command", Make("service-reloaded", "app", "app", ("pid", 44), ("command", "/bin/app reload"), ("output", "ok")), DecisionKind.ServiceReloaded, LogEventLevel.Information, "reloaded: app in place, pid 44 kept ('/bin/app reload' succeeded)" },
        { "reload failed", Make("service-reload-failed", "app", "app", ("pid", 44), ("command", "/bin/app reload"), ("error", "'/bin/app reload' exit code 2: bad")), DecisionKind.ServiceReloadFailed, LogEventLevel.Warning, "reload failed: app keeps running as it was (pid 44): '/bin/app reload' exit code 2: bad" },
        { "pre-start failed (the spawnerr line follows)", Make("pre-start", "nginx", "nginx", ("ok", false), ("command", "/usr/sbin/nginx -t"), ("code", 1), ("signal", null), ("timed_out", false), ("error", null), ("output", "nginx: [emerg] unknown directive")), DecisionKind.PreStart, LogEventLevel.Debug, "pre-start: nginx: '/usr/sbin/nginx -t' failed (exit status 1): nginx: [emerg] unknown directive" },
        { "post-stop timed out", Make("post-stop", "db", "db", ("pid", 45), ("ok", false), ("command", "/bin/cleanup"), ("code", null), ("signal", 9), ("timed_out", true), ("error", null), ("output", "")), DecisionKind.PostStop, LogEventLevel.Warning, "post-stop: db: '/bin/cleanup' failed (killed at hook-timeout)" },
        { "binds-to stop", Make("binds-to-stop", "api", null, ("binds_to", "db"), ("reason", "db is exited")), DecisionKind.BindsToStop, LogEventLevel.Warning, "binds-to: stopping api: db is exited (binds-to db)" },
        { "binds-to start", Make("binds-to-start", "api", null, ("binds_to", new[] { "db" })), DecisionKind.BindsToStart, LogEventLevel.Information, "binds-to: starting api again: db ready" },
        { "orphan killed", Make("orphan", "web", "web-1", ("pid", 77), ("action", "killed")), DecisionKind.OrphanKilled, LogEventLevel.Warning, "orphan: killed pid 77 of web-1, left running by a previous warden" },
        { "orphan adopted", Make("orphan", "web", "web-1", ("pid", 77), ("action", "adopted")), DecisionKind.OrphanAdopted, LogEventLevel.Information, "orphan: adopted pid 77 as web-1, left running by a previous warden" },
        { "ready", Make("ready", "db", "db", ("pid", 7), ("after_ms", 2013L)), DecisionKind.Ready, LogEventLevel.Information, "ready: db sent READY=1 after 2.013 s" },
        { "start-timeout", Make("start-timeout", "db", "db", ("pid", 7), ("timeout_ms", 30000L)), DecisionKind.StartTimeout, LogEventLevel.Warning, "start-timeout: db (pid 7) sent no READY=1 within 30 s; stopping it" },
        { "notify status", Make("notify", "db", "db", ("pid", 7), ("status", "draining"), ("stopping", true), ("reloading", false), ("main_pid", null), ("errno", null)), DecisionKind.Notice, LogEventLevel.Information, "notify: db: stopping: draining" },
        { "notify refused", Make("notify-refused", "db", "db", ("pid", 555), ("uid", 0), ("reason", "pid 555 (session 555, parent 1) is not in the instance's process tree"), ("refused", 10L)), DecisionKind.NotifyRefused, LogEventLevel.Warning, "notify: dropped a datagram for db from pid 555: pid 555 (session 555, parent 1) is not in the instance's process tree (10 dropped so far)" },
        { "leftovers killed", Make("leftovers", "pg", "pg", ("pid", 40), ("pids", new[] { 41, 42 }), ("commands", new[] { "postgres: checkpointer", "postgres: walwriter" }), ("action", "killed")), DecisionKind.Leftovers, LogEventLevel.Warning, "leftovers: pg (pid 40) exited and left pids 41, 42 (postgres: checkpointer, postgres: walwriter); killed before the next start" },
        { "escaped, kept", Make("escaped", "pg", "pg", ("pid", 40), ("pids", new[] { 41 }), ("commands", new[] { "postgres: checkpointer" }), ("action", "kept")), DecisionKind.Escaped, LogEventLevel.Warning, "escaped: pids 41 (postgres: checkpointer) outlived pg (pid 40) at its stop; kept running (kill-mode = process)" },
        { "oom-killed", Make("oom-killed", "web", "web-1", ("pid", 9), ("oom_kills", 1L), ("limit_bytes", 256L * 1024 * 1024), ("memory_bytes", 256L * 1024 * 1024)), DecisionKind.OomKilled, LogEventLevel.Warning, "oom: the kernel killed 1 process(es) of web-1 (pid 9) at max-memory 256 MiB" },
        { "leftover control group", Make("leftover-cgroup", null, null, ("group", "pg.1a2b3c4d"), ("pids", new[] { 41 }), ("commands", new[] { "postgres: checkpointer" }), ("action", "killed")), DecisionKind.LeftoverGroup, LogEventLevel.Warning, "leftover: killed pids 41 (postgres: checkpointer) left in control group pg.1a2b3c4d by a previous warden" },
        { "warden started", Make("warden-started", null, null, ("name", "farm"), ("config", "/etc/warden.conf"), ("pid", 100), ("services", 5), ("instances", 7)), DecisionKind.WardenStarted, LogEventLevel.Information, "warden 'farm' started (pid 100): 5 services, 7 instances from /etc/warden.conf" },
        { "warden ready", Make("warden-ready", null, null, ("services", new[] { "db", "web" })), DecisionKind.WardenReady, LogEventLevel.Information, "ready: every autostart service is running (db, web)" },
        { "warden stopping", Make("warden-stopping", null, null, ("reason", "SIGTERM"), ("timeout_ms", 30000L)), DecisionKind.WardenStopping, LogEventLevel.Information, "warden stopping: SIGTERM (shutdown-timeout 30 s)" },
        { "warden stopped", Make("warden-stopped", null, null, ("exit_code", 0), ("killed", 0)), DecisionKind.WardenStopped, LogEventLevel.Information, "warden stopped with exit code 0" },
        { "warden stopped, killing", Make("warden-stopped", null, null, ("exit_code", 0), ("killed", 2)), DecisionKind.WardenStopped, LogEventLevel.Warning, "warden stopped with exit code 0; 2 processes were killed at the shutdown-timeout" },
        { "command", Make("command", null, null, ("command", "restart"), ("target", "web"), ("affected", new[] { "web-1", "web-2" })), DecisionKind.Command, LogEventLevel.Information, "command: restart web (web-1, web-2)" },
        { "reloaded", Make("reloaded", null, null, ("file", "/etc/w.conf"), ("added", new[] { "a" }), ("removed", Array.Empty<string>()), ("changed", new[] { "b" }), ("recreated_groups", Array.Empty<string>()), ("in_place", new[] { "c" })), DecisionKind.Reloaded, LogEventLevel.Information, "reloaded: /etc/w.conf (added: a; changed: b; in place: c)" },
        { "reloaded, nothing to do", Make("reloaded", null, null, ("file", "/etc/w.conf"), ("added", Array.Empty<string>()), ("removed", Array.Empty<string>()), ("changed", Array.Empty<string>()), ("recreated_groups", Array.Empty<string>()), ("in_place", Array.Empty<string>())), DecisionKind.Reloaded, LogEventLevel.Information, "reloaded: /etc/w.conf (nothing changed)" },
        { "warden started with one of each", Make("warden-started", null, null, ("name", "one"), ("config", "/etc/one.conf"), ("pid", 101), ("services", 1), ("instances", 1)), DecisionKind.WardenStarted, LogEventLevel.Information, "warden 'one' started (pid 101): 1 service, 1 instance from /etc/one.conf" },
        { "reload failed", Make("reload-failed", null, null, ("file", "/etc/w.conf"), ("error", "/etc/w.conf:3:5: unknown key")), DecisionKind.ReloadFailed, LogEventLevel.Error, "reload refused, nothing changed: /etc/w.conf:3:5: unknown key" },
        { "captured output dropped", Make("logs-dropped", "web", "web-1", ("stream", "stdout"), ("reason", "buffer-full"), ("dropped", 10L), ("total", 12L)), DecisionKind.CapturedOutput, LogEventLevel.Warning, "output: dropped 10 lines of web-1 (stdout, buffer-full; 12 in all)" },
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
        var healthy = Make("health", "web", "web-1", ("state", "healthy"), ("detail", "GET /health: 200"));

        var line = DecisionLines.Describe(healthy, DecisionContext.Default with { PreviousHealth = "unhealthy" })!;

        line.Should().Be(new DecisionLine(DecisionKind.HealthRecovered, LogEventLevel.Information, "web-1", "health: web-1 recovered: GET /health: 200"));
    }

    [Fact]
    public void The_subject_is_the_instance_else_the_group_else_the_warden()
    {
        DecisionLines.Describe(Exited(T0, "crasher"), DecisionContext.Default)!.Subject.Should().Be("crasher");
        DecisionLines.Describe(Make("gave-up", null, null, ("group", "backend"), ("policy", "park")), DecisionContext.Default)!.Subject.Should().Be("backend");
        DecisionLines.Describe(Make("warden-ready", null, null, ("services", Array.Empty<string>())), DecisionContext.Default)!.Subject.Should().Be("warden");
    }

    [Fact]
    public void State_changes_other_than_running_restate_a_line_already_written_and_are_left_out()
    {
        DecisionLines.Describe(Make("state", "web", "web-1", ("from", "running"), ("to", "exited"), ("reason", "exit code 1")), DecisionContext.Default).Should().BeNull();
    }
}
