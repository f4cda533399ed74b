namespace ActorWarden.Contracts.Events;

/// <summary>
/// The vocabulary of the event log. Names are constants so producers, the status board, the systemd
/// notifier and docs/events.md cannot drift apart; renaming one is a breaking change for every reader
/// of the JSON-lines file.
/// </summary>
public static class EventNames
{
    /// <summary>An instance changed state (fields: from, to).</summary>
    public const string State = "state";

    /// <summary>A process was spawned (fields: pid, command, args, attempt).</summary>
    public const string Started = "started";

    /// <summary>The OS refused to start the command (fields: error, command).</summary>
    public const string SpawnFailed = "spawn-failed";

    /// <summary>A process ended on its own (fields: pid, code, signal, core_dumped, ran_for_ms, failed_start).</summary>
    public const string Exited = "exited";

    /// <summary>A supervisor applied a directive (fields: supervisor, child, directive, reason, cause).</summary>
    public const string Directive = "directive";

    /// <summary>A restart waits before spawning (fields: delay_ms, attempt).</summary>
    public const string Backoff = "backoff";

    /// <summary>A supervisor handed a failure to its parent (fields: supervisor, reason).</summary>
    public const string Escalated = "escalated";

    /// <summary>An instance gave up after its failed starts (fields: failed_starts, retry_in_ms).</summary>
    public const string Fatal = "fatal";

    /// <summary>The stop ladder began (fields: pid, signal, timeout_ms, reason).</summary>
    public const string Stopping = "stopping";

    /// <summary>A process ended while being stopped (fields: pid, code, signal).</summary>
    public const string Stopped = "stopped";

    /// <summary>A process tree was killed at the end of the stop ladder (fields: pid, reason).</summary>
    public const string Killed = "killed";

    /// <summary>The health check changed its verdict (fields: state, detail).</summary>
    public const string Health = "health";

    /// <summary>An instance with ready = notify sent READY=1 and counts as started (fields: pid, after_ms).</summary>
    public const string Ready = "ready";

    /// <summary>An instance with ready = notify sent no READY=1 within start-timeout (fields: pid, timeout_ms).</summary>
    public const string StartTimeout = "start-timeout";

    /// <summary>An instance told something on its notify socket (fields: pid, status, stopping, reloading, main_pid, errno).</summary>
    public const string Notify = "notify";

    /// <summary>
    /// The spawned process exited after naming another process with MAINPID=; that one is now the
    /// instance's process, as systemd follows MAINPID (fields: pid, launcher_pid, code, signal).
    /// </summary>
    public const string MainPid = "main-pid";

    /// <summary>A notify datagram from outside the instance's process tree was dropped (fields: pid, uid, reason, refused).</summary>
    public const string NotifyRefused = "notify-refused";

    /// <summary>A process tree used more memory than max-memory (fields: pid, rss_bytes, limit_bytes).</summary>
    public const string MemoryExceeded = "memory-exceeded";

    /// <summary>
    /// The main process exited and left processes of its tree running (fields: pid, pids, commands,
    /// action = killed | kept): with kill-mode control-group or mixed they are killed before the next start.
    /// </summary>
    public const string Leftovers = "leftovers";

    /// <summary>The main process ended in a stop and processes of its tree outlived it (fields: pid, pids, commands, action = killed | kept).</summary>
    public const string Escaped = "escaped";

    /// <summary>The kernel OOM-killed processes of the tree at max-memory (memory.max) (fields: pid, oom_kills, limit_bytes, memory_bytes).</summary>
    public const string OomKilled = "oom-killed";

    /// <summary>Processes a previous warden left in its control groups were killed at startup (fields: group, pids, commands, action).</summary>
    public const string LeftoverGroup = "leftover-cgroup";

    /// <summary>The root gave up on a group (fields: group, policy, exit_code).</summary>
    public const string GaveUp = "gave-up";

    /// <summary>An operator command was accepted (fields: command, target, affected).</summary>
    public const string Command = "command";

    /// <summary>A reload began (fields: file).</summary>
    public const string Reloading = "reloading";

    /// <summary>A reload was applied (fields: added, removed, changed).</summary>
    public const string Reloaded = "reloaded";

    /// <summary>A reload was refused because the file is invalid (fields: error).</summary>
    public const string ReloadFailed = "reload-failed";

    /// <summary>An operator sent a signal to an instance (fields: pid, signal, group).</summary>
    public const string Signalled = "signalled";

    /// <summary>An instance's program reloaded in place, same pid, no restart (fields: pid, signal or command, output).</summary>
    public const string ServiceReloaded = "service-reloaded";

    /// <summary>An instance's reload.command failed; the program keeps running (fields: pid, command, error).</summary>
    public const string ServiceReloadFailed = "service-reload-failed";

    /// <summary>A pre-start command ended (fields: ok, command, code, signal, timed_out, output).</summary>
    public const string PreStart = "pre-start";

    /// <summary>A post-stop command ended (fields: pid, ok, command, code, signal, timed_out, output).</summary>
    public const string PostStop = "post-stop";

    /// <summary>A service was stopped because a service it binds to went down (fields: binds_to, reason).</summary>
    public const string BindsToStop = "binds-to-stop";

    /// <summary>A service stopped by binds-to starts again: what it binds to is ready (fields: binds_to).</summary>
    public const string BindsToStart = "binds-to-start";

    /// <summary>The warden started (fields: name, config, pid).</summary>
    public const string WardenStarted = "warden-started";

    /// <summary>Every autostart service is Running and healthy (fields: services).</summary>
    public const string WardenReady = "warden-ready";

    /// <summary>The warden began shutting down (fields: reason, timeout_ms).</summary>
    public const string WardenStopping = "warden-stopping";

    /// <summary>The warden finished shutting down (fields: exit_code, killed).</summary>
    public const string WardenStopped = "warden-stopped";

    /// <summary>Survivors of a previous warden were found at startup (fields: pid, action).</summary>
    public const string Orphan = "orphan";
}
