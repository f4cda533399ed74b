using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Logs;
using Serilog.Events;
using static ActorWarden.Host.Decisions.EventFields;

namespace ActorWarden.Host.Decisions;

/// <summary>
/// Turns one warden event into at most one line of the warden's own log, worded as supervisord words it
/// (<c>spawned: 'web' with pid 42</c>, <c>exited: web (exit status 1; not expected)</c>, <c>gave up: web
/// entered FATAL state, …</c>) so operators recognise it. A pure function, so every kind is table-tested.
/// Events that only restate a decision already logged (a state change, a service-level directive whose
/// backoff, escalation or Fatal line follows) go to Debug rather than repeating it at Information.
/// </summary>
public static class DecisionLines
{
    public static DecisionLine? Describe(WardenEvent e, DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(context);
        var who = Subject(e);
        return e.Event switch
        {
            EventNames.Started when Bool(e, "adopted") => Line(DecisionKind.Adopted, LogEventLevel.Information, who, $"adopted: '{who}' with pid {Text(e, "pid")}, left running by a previous warden"),
            EventNames.Started => Line(DecisionKind.Spawned, LogEventLevel.Information, who, $"spawned: '{who}' with pid {Text(e, "pid")}"),
            EventNames.SpawnFailed => Line(DecisionKind.SpawnFailed, LogEventLevel.Error, who, $"spawnerr: can't start '{who}' ({Text(e, "command")}): {Text(e, "error")}"),
            EventNames.State when Text(e, "to") == "running" => Line(DecisionKind.Running, LogEventLevel.Information, who, $"success: {who} entered RUNNING state"),
            EventNames.State => null,
            EventNames.Exited => Exited(e, who, context),
            EventNames.Backoff => Line(DecisionKind.Backoff, LogEventLevel.Information, who, $"backoff: {who} restarts in {Phrases.Milliseconds(Long(e, "delay_ms"))} (attempt {Text(e, "attempt")}): {Text(e, "reason")}"),
            EventNames.Directive => Directive(e, who),
            EventNames.Escalated => Line(DecisionKind.Escalated, LogEventLevel.Warning, who, $"escalated: {Text(e, "level")} supervisor '{Text(e, "supervisor")}' handed the failure{Of(e)} to {EscalatedTo(e)}: {Text(e, "reason")}"),
            EventNames.Fatal => Line(DecisionKind.Fatal, LogEventLevel.Error, who, $"gave up: {who} entered FATAL state, {Text(e, "reason")}"),
            EventNames.GaveUp => GaveUp(e),
            EventNames.Health => Health(e, who, context),
            EventNames.Ready => Line(DecisionKind.Ready, LogEventLevel.Information, who, $"ready: {who} sent READY=1 after {Phrases.Milliseconds(Long(e, "after_ms"))}"),
            EventNames.StartTimeout => Line(DecisionKind.StartTimeout, LogEventLevel.Warning, who, $"start-timeout: {who} (pid {Text(e, "pid")}) sent no READY=1 within {Phrases.Milliseconds(Long(e, "timeout_ms"))}; stopping it"),
            EventNames.Notify => Line(DecisionKind.Notice, LogEventLevel.Information, who, $"notify: {who}: {Supervision.Notify.NotifyNotice.Describe(e.Fields)}"),
            EventNames.NotifyRefused => Line(DecisionKind.NotifyRefused, LogEventLevel.Warning, who, $"notify: dropped a datagram for {who} from pid {Text(e, "pid")}: {Text(e, "reason")} ({Text(e, "refused")} dropped so far)"),
            EventNames.MemoryExceeded => Line(DecisionKind.MemoryExceeded, LogEventLevel.Warning, who, $"memory: {who} (pid {Text(e, "pid")}) uses {Phrases.Bytes(Long(e, "rss_bytes"))}, over max-memory {Phrases.Bytes(Long(e, "limit_bytes"))}"),
            EventNames.Stopping => Line(DecisionKind.Stopping, LogEventLevel.Debug, who, $"stopping: {who} (pid {Text(e, "pid")}) with {Text(e, "signal")}, killed after {Phrases.Milliseconds(Long(e, "timeout_ms"))}: {Text(e, "reason")}"),
            EventNames.Stopped => Line(DecisionKind.Stopped, LogEventLevel.Information, who, $"stopped: {who} ({Phrases.Exit(Long(e, "code"), Long(e, "signal"), false)})"),
            EventNames.Killed => Line(DecisionKind.Killed, LogEventLevel.Warning, who, $"killed: {who} (pid {Text(e, "pid")}) with SIGKILL: {Text(e, "reason")}"),
            EventNames.Signalled => Line(DecisionKind.Signalled, LogEventLevel.Information, who, $"signal: sent {Text(e, "signal")} to {who} ({(Bool(e, "group") ? "process group" : "pid")} {Text(e, "pid")})"),
            EventNames.ServiceReloaded => Line(DecisionKind.ServiceReloaded, LogEventLevel.Information, who, $"reloaded: {who} in place, pid {Text(e, "pid")} kept ({(Text(e, "signal") is { } sent ? $"sent {sent}" : $"'{Text(e, "command")}' succeeded")})"),
            EventNames.ServiceReloadFailed => Line(DecisionKind.ServiceReloadFailed, LogEventLevel.Warning, who, $"reload failed: {who} keeps running as it was (pid {Text(e, "pid")}): {Text(e, "error")}"),
            EventNames.PreStart => Hook("pre-start", DecisionKind.PreStart, LogEventLevel.Debug, e, who),
            EventNames.PostStop => Hook("post-stop", DecisionKind.PostStop, Bool(e, "ok") ? LogEventLevel.Debug : LogEventLevel.Warning, e, who),
            EventNames.BindsToStop => Line(DecisionKind.BindsToStop, LogEventLevel.Warning, who, $"binds-to: stopping {who}: {Text(e, "reason")} (binds-to {Text(e, "binds_to")})"),
            EventNames.BindsToStart => Line(DecisionKind.BindsToStart, LogEventLevel.Information, who, $"binds-to: starting {who} again: {Text(e, "binds_to")} ready"),
            EventNames.Orphan when Text(e, "action") == "adopted" => Line(DecisionKind.OrphanAdopted, LogEventLevel.Information, who, $"orphan: adopted pid {Text(e, "pid")} as {who}, left running by a previous warden"),
            EventNames.Orphan => Line(DecisionKind.OrphanKilled, LogEventLevel.Warning, who, $"orphan: killed pid {Text(e, "pid")} of {who}, left running by a previous warden"),
            EventNames.Leftovers => Line(DecisionKind.Leftovers, LogEventLevel.Warning, who, $"leftovers: {who} (pid {Text(e, "pid")}) exited and left pids {Text(e, "pids")} ({Text(e, "commands")}); {Kept(e, "killed before the next start")}"),
            EventNames.Escaped => Line(DecisionKind.Escaped, LogEventLevel.Warning, who, $"escaped: pids {Text(e, "pids")} ({Text(e, "commands")}) outlived {who} (pid {Text(e, "pid")}) at its stop; {Kept(e, "killed with its tree")}"),
            EventNames.OomKilled => Line(DecisionKind.OomKilled, LogEventLevel.Warning, who, $"oom: the kernel killed {Text(e, "oom_kills")} process(es) of {who} (pid {Text(e, "pid")}) at max-memory {Phrases.Bytes(Long(e, "limit_bytes"))}"),
            EventNames.LeftoverGroup => Line(DecisionKind.LeftoverGroup, LogEventLevel.Warning, who, $"leftover: killed pids {Text(e, "pids")} ({Text(e, "commands")}) left in control group {Text(e, "group")} by a previous warden"),
            EventNames.WardenStarted => Line(DecisionKind.WardenStarted, LogEventLevel.Information, who, $"warden '{Text(e, "name")}' started (pid {Text(e, "pid")}): {Phrases.Count(Long(e, "services"), "service")}, {Phrases.Count(Long(e, "instances"), "instance")} from {Text(e, "config")}"),
            EventNames.WardenReady => Line(DecisionKind.WardenReady, LogEventLevel.Information, who, $"ready: every autostart service is running ({Text(e, "services")})"),
            EventNames.WardenStopping => Line(DecisionKind.WardenStopping, LogEventLevel.Information, who, $"warden stopping: {Text(e, "reason")} (shutdown-timeout {Phrases.Milliseconds(Long(e, "timeout_ms"))})"),
            EventNames.WardenStopped => WardenStopped(e, who),
            EventNames.Command => Line(DecisionKind.Command, LogEventLevel.Information, who, $"command: {Text(e, "command")} {Text(e, "target")} ({Text(e, "affected")})"),
            EventNames.Reloading => Line(DecisionKind.Reloading, LogEventLevel.Debug, who, $"reloading: {Text(e, "file")}"),
            EventNames.Reloaded => Line(DecisionKind.Reloaded, LogEventLevel.Information, who, $"reloaded: {Text(e, "file")} ({ReloadChanges(e)})"),
            EventNames.ReloadFailed => Line(DecisionKind.ReloadFailed, LogEventLevel.Error, who, $"reload refused, nothing changed: {Text(e, "error")}"),
            LogEventNames.Dropped => Line(DecisionKind.CapturedOutput, LogEventLevel.Warning, who, $"output: dropped {Text(e, "dropped")} lines of {who} ({Text(e, "stream") ?? Text(e, "target")}, {Text(e, "reason")}; {Text(e, "total")} in all)"),
            LogEventNames.WriteFailed => Line(DecisionKind.CapturedOutput, LogEventLevel.Warning, who, $"output: can't write {Text(e, "path")} for {who}: {Text(e, "error")}"),
            LogEventNames.ShipFailed => Line(DecisionKind.CapturedOutput, LogEventLevel.Warning, who, $"output: syslog {Text(e, "target")} refuses lines of {who}: {Text(e, "error")}"),
            LogEventNames.WriteRecovered or LogEventNames.ShipRecovered => Line(DecisionKind.CapturedOutput, LogEventLevel.Information, who, $"output: {who} is written again ({e.Event})"),
            _ => Line(DecisionKind.Other, LogEventLevel.Debug, who, $"{e.Event}: {who}"),
        };
    }

    private static DecisionLine Line(DecisionKind kind, LogEventLevel level, string subject, string text) => new(kind, level, subject, text);

    /// <summary>
    /// A pre-start or post-stop that ended. A failed pre-start is Debug here because the spawnerr line
    /// that follows carries the same command, exit and output at Error.
    /// </summary>
    private static DecisionLine Hook(string name, DecisionKind kind, LogEventLevel level, WardenEvent e, string who)
    {
        var ending = Text(e, "error") is { } error ? $"could not start: {error}"
            : Bool(e, "timed_out") ? "killed at hook-timeout"
            : Phrases.Exit(Long(e, "code"), Long(e, "signal"), false);
        var output = Text(e, "output") is { Length: > 0 } text ? $": {text}" : string.Empty;
        return Line(kind, level, who, $"{name}: {who}: '{Text(e, "command")}' {(Bool(e, "ok") ? "succeeded" : "failed")} ({ending}){output}");
    }

    private static DecisionLine Exited(WardenEvent e, string who, DecisionContext context)
    {
        var code = Long(e, "code");
        var expected = !Bool(e, "failed_start") && code is { } c && c is >= int.MinValue and <= int.MaxValue && context.IsSuccessExit(e.Service, (int)c);
        var exit = Phrases.Exit(code, Long(e, "signal"), Bool(e, "core_dumped"));
        var text = $"exited: {who} ({exit}; {(expected ? "expected" : "not expected")})";
        if (Bool(e, "failed_start"))
        {
            text += $", {Phrases.Milliseconds(Long(e, "ran_for_ms"))} after start, before start-seconds";
        }

        return expected
            ? Line(DecisionKind.ExitedExpected, LogEventLevel.Information, who, text)
            : Line(DecisionKind.ExitedUnexpected, LogEventLevel.Warning, who, text);
    }

    /// <summary>
    /// A service-level restart with a delay, a stop (outcome exited or fatal) and an escalation are
    /// preceded or followed by their own backoff, exited/Fatal and escalated lines, so they go to Debug;
    /// what has no line of its own (a restart at once, a group or root restart) is logged here.
    /// </summary>
    private static DecisionLine Directive(WardenEvent e, string who)
    {
        var directive = Text(e, "directive");
        var child = Text(e, "child") ?? who;
        var reason = Text(e, "reason");
        return (Text(e, "level"), directive) switch
        {
            ("service", "restart") when Long(e, "delay_ms") is null or 0 => Line(DecisionKind.Restarting, LogEventLevel.Information, child, $"restarting: {child} at once: {reason}"),
            ("service", "stop") => Line(DecisionKind.Decided, LogEventLevel.Debug, child, $"decided: service supervisor '{Text(e, "supervisor")}' stops restarting {child} ({Text(e, "outcome")}): {reason}"),
            ("group", "restart") => Line(DecisionKind.GroupRestart, LogEventLevel.Warning, child, $"group restart: '{Text(e, "supervisor")}' restarts {Text(e, "affected")} ({Text(e, "strategy")}): {reason}"),
            ("root", "restart") => Line(DecisionKind.RootRestart, LogEventLevel.Warning, child, $"root restart: group '{child}' restarts: {reason}"),
            _ => Line(DecisionKind.Decided, LogEventLevel.Debug, child, $"decided: {Text(e, "level")} supervisor '{Text(e, "supervisor")}' applies {directive} to {child}: {reason}"),
        };
    }

    /// <summary>A service supervisor escalates to its group, a group to the root (the warden): say which, as the names may be equal.</summary>
    private static string EscalatedTo(WardenEvent e) => Text(e, "level") == "service" ? $"group '{Text(e, "to")}'" : $"the root ('{Text(e, "to")}')";

    /// <summary>Only the kinds of change a reload made, or that it changed nothing.</summary>
    private static string ReloadChanges(WardenEvent e)
    {
        var parts = new[] { ("added", "added"), ("removed", "removed"), ("changed", "changed"), ("in_place", "in place") }
            .Select(p => (p.Item2, Text(e, p.Item1)))
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"{p.Item1}: {p.Item2}")
            .ToList();
        return parts.Count == 0 ? "nothing changed" : string.Join("; ", parts);
    }

    private static string Of(WardenEvent e) => e.Instance is { } instance ? " of " + instance : e.Service is { } service ? " of " + service : "";

    private static DecisionLine GaveUp(WardenEvent e)
    {
        var group = Text(e, "group") ?? "?";
        return Text(e, "policy") == "exit"
            ? Line(DecisionKind.GaveUp, LogEventLevel.Fatal, group, $"gave up: group '{group}', the warden exits with code {Text(e, "exit_code")} (on-give-up = exit): {Text(e, "reason")}")
            : Line(DecisionKind.GaveUp, LogEventLevel.Error, group, $"gave up: group '{group}' stays stopped (on-give-up = park): {Text(e, "reason")}");
    }

    private static DecisionLine Health(WardenEvent e, string who, DecisionContext context)
    {
        var detail = Text(e, "detail");
        return Text(e, "state") switch
        {
            "unhealthy" => Line(DecisionKind.HealthFailing, LogEventLevel.Warning, who, $"health: {who} is failing its check: {detail}"),
            "healthy" when context.PreviousHealth == "unhealthy" => Line(DecisionKind.HealthRecovered, LogEventLevel.Information, who, $"health: {who} recovered: {detail}"),
            "healthy" => Line(DecisionKind.HealthRecovered, LogEventLevel.Information, who, $"health: {who} is healthy: {detail}"),
            _ => Line(DecisionKind.HealthChecking, LogEventLevel.Debug, who, $"health: checking {who}: {detail}"),
        };
    }

    private static DecisionLine WardenStopped(WardenEvent e, string who)
    {
        var killed = Long(e, "killed") ?? 0;
        return killed > 0
            ? Line(DecisionKind.WardenStopped, LogEventLevel.Warning, who, $"warden stopped with exit code {Text(e, "exit_code")}; {killed} processes were killed at the shutdown-timeout")
            : Line(DecisionKind.WardenStopped, LogEventLevel.Information, who, $"warden stopped with exit code {Text(e, "exit_code")}");
    }

    private static string Kept(WardenEvent e, string killed) => EventFields.Text(e, "action") == "kept" ? "kept running (kill-mode = process)" : killed;
}
