using System.Globalization;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using Serilog.Events;

namespace ActorWarden.Host.Decisions;

/// <summary>
/// Turns one warden event into at most one line of the warden's own log, worded as supervisord words it
/// (<c>spawned: 'web' with pid 42</c>, <c>exited: web (exit status 1; not expected)</c>, <c>gave up: web
/// entered FATAL state, …</c>) so operators recognise it. A pure function of the typed payload, so every
/// kind is table-tested. Events that only restate a decision already logged (a state change, a
/// service-level directive whose backoff, escalation or Fatal line follows) go to Debug rather than
/// repeating it at Information.
/// </summary>
public static class DecisionLines
{
    public static DecisionLine? Describe(WardenEvent e, DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(context);
        var who = Subject(e);
        return e.Payload switch
        {
            StartedEvent { Adopted: true } p => Line(DecisionKind.Adopted, LogEventLevel.Information, who, $"adopted: '{who}' with pid {p.Pid}, left running by a previous warden"),
            StartedEvent p => Line(DecisionKind.Spawned, LogEventLevel.Information, who, $"spawned: '{who}' with pid {p.Pid}"),
            SpawnFailedEvent p => Line(DecisionKind.SpawnFailed, LogEventLevel.Error, who, $"spawnerr: can't start '{who}' ({p.Command}): {p.Error}"),
            StateEvent { To: ProcessState.Running } => Line(DecisionKind.Running, LogEventLevel.Information, who, $"success: {who} entered RUNNING state"),
            StateEvent => null,
            ExitedEvent p => Exited(p, e.Service, who, context),
            BackoffEvent p => Line(DecisionKind.Backoff, LogEventLevel.Information, who, $"backoff: {who} restarts in {Phrases.Milliseconds(p.DelayMs)} (attempt {p.Attempt}): {p.Reason}"),
            DirectiveEvent p => Directive(p, who),
            EscalatedEvent p => Line(DecisionKind.Escalated, LogEventLevel.Warning, who, $"escalated: {p.Level} supervisor '{p.Supervisor}' handed the failure{Of(e)} to {EscalatedTo(p)}: {p.Reason}"),
            FatalEvent p => Line(DecisionKind.Fatal, LogEventLevel.Error, who, $"gave up: {who} entered FATAL state, {p.Reason}"),
            GaveUpEvent p => GaveUp(p),
            HealthEvent p => Health(p, who, context),
            ReadyEvent p => Line(DecisionKind.Ready, LogEventLevel.Information, who, $"ready: {who} sent READY=1 after {Phrases.Milliseconds(p.AfterMs)}"),
            StartTimeoutEvent p => Line(DecisionKind.StartTimeout, LogEventLevel.Warning, who, $"start-timeout: {who} (pid {p.Pid}) sent no READY=1 within {Phrases.Milliseconds(p.TimeoutMs)}; stopping it"),
            NotifyEvent p => Line(DecisionKind.Notice, LogEventLevel.Information, who, $"notify: {who}: {p.Describe()}"),
            MainPidEvent p => Line(DecisionKind.MainPid, LogEventLevel.Information, who, $"main pid: {who} is now pid {p.Pid} (MAINPID=; its launcher, pid {p.LauncherPid}, exited {(p.Signal is { } signal ? "on signal " + signal.ToString(CultureInfo.InvariantCulture) : "with " + (p.Code?.ToString(CultureInfo.InvariantCulture) ?? "an unknown status"))})"),
            NotifyRefusedEvent p => Line(DecisionKind.NotifyRefused, LogEventLevel.Warning, who, $"notify: dropped a datagram for {who} from pid {p.Pid}: {p.Reason} ({p.Refused} dropped so far)"),
            MemoryExceededEvent p => Line(DecisionKind.MemoryExceeded, LogEventLevel.Warning, who, $"memory: {who} (pid {p.Pid}) uses {Phrases.Bytes(p.RssBytes)}, over max-memory {Phrases.Bytes(p.LimitBytes)}"),
            StoppingEvent p => Line(DecisionKind.Stopping, LogEventLevel.Debug, who, $"stopping: {who} (pid {p.Pid}) with {p.Signal}, killed after {Phrases.Milliseconds(p.TimeoutMs)}: {p.Reason}"),
            StoppedEvent p => Line(DecisionKind.Stopped, LogEventLevel.Information, who, $"stopped: {who} ({Phrases.Exit(p.Code, p.Signal, false)})"),
            KilledEvent p => Line(DecisionKind.Killed, LogEventLevel.Warning, who, $"killed: {who} (pid {p.Pid}) with SIGKILL: {p.Reason}"),
            SignalledEvent p => Line(DecisionKind.Signalled, LogEventLevel.Information, who, $"signal: sent {p.Signal} to {who} ({(p.Group ? "process group" : "pid")} {p.Pid})"),
            ServiceReloadedEvent p => Line(DecisionKind.ServiceReloaded, LogEventLevel.Information, who, $"reloaded: {who} in place, pid {p.Pid} kept ({(p.Signal is { } sent ? $"sent {sent}" : $"'{p.Command}' succeeded")})"),
            ServiceReloadFailedEvent p => Line(DecisionKind.ServiceReloadFailed, LogEventLevel.Warning, who, $"reload failed: {who} keeps running as it was (pid {p.Pid}): {p.Error}"),
            PreStartEvent p => Hook("pre-start", DecisionKind.PreStart, LogEventLevel.Debug, p.Report, null, who),
            PostStopEvent p => Hook("post-stop", DecisionKind.PostStop, p.Ok ? LogEventLevel.Debug : LogEventLevel.Warning, p.Report, p.PlanError, who),
            BindsToStopEvent p => Line(DecisionKind.BindsToStop, LogEventLevel.Warning, who, $"binds-to: stopping {who}: {p.Reason} (binds-to {p.BindsTo})"),
            BindsToStartEvent p => Line(DecisionKind.BindsToStart, LogEventLevel.Information, who, $"binds-to: starting {who} again: {List(p.BindsTo)} ready"),
            OrphanEvent { Adopted: true } p => Line(DecisionKind.OrphanAdopted, LogEventLevel.Information, who, $"orphan: adopted pid {p.Pid} as {who}, left running by a previous warden"),
            OrphanEvent p => Line(DecisionKind.OrphanKilled, LogEventLevel.Warning, who, $"orphan: killed pid {p.Pid} of {who}, left running by a previous warden"),
            LeftoversEvent { InStop: false } p => Line(DecisionKind.Leftovers, LogEventLevel.Warning, who, $"leftovers: {who} (pid {p.Pid}) exited and left pids {List(p.Pids)} ({List(p.Commands)}); {Kept(p.Kept, "killed before the next start")}"),
            LeftoversEvent p => Line(DecisionKind.Escaped, LogEventLevel.Warning, who, $"escaped: pids {List(p.Pids)} ({List(p.Commands)}) outlived {who} (pid {p.Pid}) at its stop; {Kept(p.Kept, "killed with its tree")}"),
            OomKilledEvent p => Line(DecisionKind.OomKilled, LogEventLevel.Warning, who, $"oom: the kernel killed {p.OomKills} process(es) of {who} (pid {p.Pid}) at max-memory {Phrases.Bytes(p.LimitBytes)}"),
            LeftoverGroupEvent p => Line(DecisionKind.LeftoverGroup, LogEventLevel.Warning, who, $"leftover: killed pids {List(p.Pids)} ({List(p.Commands)}) left in control group {p.Group} by a previous warden"),
            WardenStartedEvent p => Line(DecisionKind.WardenStarted, LogEventLevel.Information, who, $"warden '{p.WardenName}' started (pid {p.Pid}): {Phrases.Count(p.Services, "service")}, {Phrases.Count(p.Instances, "instance")} from {p.Config}"),
            WardenReadyEvent p => Line(DecisionKind.WardenReady, LogEventLevel.Information, who, $"ready: every autostart service is running ({List(p.Services)})"),
            WardenStoppingEvent p => Line(DecisionKind.WardenStopping, LogEventLevel.Information, who, $"warden stopping: {p.Reason} (shutdown-timeout {Phrases.Milliseconds(p.TimeoutMs)})"),
            WardenStoppedEvent p => WardenStopped(p, who),
            CommandEvent p => Line(DecisionKind.Command, LogEventLevel.Information, who, $"command: {p.Command} {p.Target} ({List(p.Affected)})"),
            ReloadingEvent p => Line(DecisionKind.Reloading, LogEventLevel.Debug, who, $"reloading: {p.File}"),
            ReloadedEvent p => Line(DecisionKind.Reloaded, LogEventLevel.Information, who, $"reloaded: {p.File} ({ReloadChanges(p)})"),
            ReloadFailedEvent p => Line(DecisionKind.ReloadFailed, LogEventLevel.Error, who, $"reload refused, nothing changed: {p.Error}"),
            LogsDroppedEvent p => Line(DecisionKind.CapturedOutput, LogEventLevel.Warning, who, $"output: dropped {p.Dropped} lines of {who} ({p.Stream ?? p.Target}, {p.Reason}; {p.Total} in all)"),
            LogsWriteFailedEvent p => Line(DecisionKind.CapturedOutput, LogEventLevel.Warning, who, $"output: can't write {p.Path} for {who}: {p.Error}"),
            LogsShipFailedEvent p => Line(DecisionKind.CapturedOutput, LogEventLevel.Warning, who, $"output: syslog {p.Target} refuses lines of {who}: {p.Error}"),
            LogsWriteRecoveredEvent or LogsShipRecoveredEvent => Line(DecisionKind.CapturedOutput, LogEventLevel.Information, who, $"output: {who} is written again ({e.Event})"),
            _ => Line(DecisionKind.Other, LogEventLevel.Debug, who, $"{e.Event}: {who}"),
        };
    }

    /// <summary>The instance, else the service, else the warden itself.</summary>
    internal static string Subject(WardenEvent e) => e.Instance ?? e.Service ?? "warden";

    private static DecisionLine Line(DecisionKind kind, LogEventLevel level, string subject, string text) => new(kind, level, subject, text);

    /// <summary>
    /// A pre-start or post-stop that ended. A failed pre-start is Debug here because the spawnerr line
    /// that follows carries the same command, exit and output at Error.
    /// </summary>
    private static DecisionLine Hook(string name, DecisionKind kind, LogEventLevel level, HookReport? report, string? planError, string who)
    {
        var error = report?.Error ?? planError;
        var ending = error is not null ? $"could not start: {error}"
            : report?.TimedOut == true ? "killed at hook-timeout"
            : Phrases.Exit(report?.Code, report?.Signal, false);
        var output = report?.Output is { Length: > 0 } text ? $": {text}" : string.Empty;
        return Line(kind, level, who, $"{name}: {who}: '{report?.Command}' {(report?.Ok == true ? "succeeded" : "failed")} ({ending}){output}");
    }

    private static DecisionLine Exited(ExitedEvent p, string? service, string who, DecisionContext context)
    {
        var expected = !p.FailedStart && p.Code is { } code && context.IsSuccessExit(service, code);
        var exit = Phrases.Exit(p.Code, p.Signal, p.CoreDumped);
        var text = $"exited: {who} ({exit}; {(expected ? "expected" : "not expected")})";
        if (p.FailedStart)
        {
            text += $", {Phrases.Milliseconds(p.RanForMs)} after start, before start-seconds";
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
    private static DecisionLine Directive(DirectiveEvent p, string who)
    {
        var child = p.Child ?? who;
        var reason = p.Reason;
        return p switch
        {
            ServiceDirectiveEvent { IsRestart: true, DelayMs: null or 0 } => Line(DecisionKind.Restarting, LogEventLevel.Information, child, $"restarting: {child} at once: {reason}"),
            ServiceDirectiveEvent { Directive: "stop" } s => Line(DecisionKind.Decided, LogEventLevel.Debug, child, $"decided: service supervisor '{s.Supervisor}' stops restarting {child} ({s.Outcome}): {reason}"),
            GroupDirectiveEvent { IsRestart: true } g => Line(DecisionKind.GroupRestart, LogEventLevel.Warning, child, $"group restart: '{g.Supervisor}' restarts {List(g.Affected)} ({g.Strategy}): {reason}"),
            RootDirectiveEvent { IsRestart: true } => Line(DecisionKind.RootRestart, LogEventLevel.Warning, child, $"root restart: group '{child}' restarts: {reason}"),
            _ => Line(DecisionKind.Decided, LogEventLevel.Debug, child, $"decided: {p.Level} supervisor '{p.Supervisor}' applies {p.Directive} to {child}: {reason}"),
        };
    }

    /// <summary>A service supervisor escalates to its group, a group to the root (the warden): say which, as the names may be equal.</summary>
    private static string EscalatedTo(EscalatedEvent p) => p.Level == "service" ? $"group '{p.To}'" : $"the root ('{p.To}')";

    /// <summary>Only the kinds of change a reload made, or that it changed nothing.</summary>
    private static string ReloadChanges(ReloadedEvent p)
    {
        var parts = new[] { ("added", p.Added), ("removed", p.Removed), ("changed", p.Changed), ("in place", p.InPlace) }
            .Where(part => part.Item2.Count > 0)
            .Select(part => $"{part.Item1}: {List(part.Item2)}")
            .ToList();
        return parts.Count == 0 ? "nothing changed" : string.Join("; ", parts);
    }

    private static string Of(WardenEvent e) => e.Instance is { } instance ? " of " + instance : e.Service is { } service ? " of " + service : "";

    private static DecisionLine GaveUp(GaveUpEvent p) =>
        p.Policy == "exit"
            ? Line(DecisionKind.GaveUp, LogEventLevel.Fatal, p.Group, $"gave up: group '{p.Group}', the warden exits with code {p.ExitCode} (on-give-up = exit): {p.Reason}")
            : Line(DecisionKind.GaveUp, LogEventLevel.Error, p.Group, $"gave up: group '{p.Group}' stays stopped (on-give-up = park): {p.Reason}");

    private static DecisionLine Health(HealthEvent p, string who, DecisionContext context) => p.State switch
    {
        HealthState.Unhealthy => Line(DecisionKind.HealthFailing, LogEventLevel.Warning, who, $"health: {who} is failing its check: {p.Detail}"),
        HealthState.Healthy when context.PreviousHealth == HealthState.Unhealthy => Line(DecisionKind.HealthRecovered, LogEventLevel.Information, who, $"health: {who} recovered: {p.Detail}"),
        HealthState.Healthy => Line(DecisionKind.HealthRecovered, LogEventLevel.Information, who, $"health: {who} is healthy: {p.Detail}"),
        _ => Line(DecisionKind.HealthChecking, LogEventLevel.Debug, who, $"health: checking {who}: {p.Detail}"),
    };

    private static DecisionLine WardenStopped(WardenStoppedEvent p, string who) => p.Killed > 0
        ? Line(DecisionKind.WardenStopped, LogEventLevel.Warning, who, $"warden stopped with exit code {p.ExitCode}; {p.Killed} processes were killed at the shutdown-timeout")
        : Line(DecisionKind.WardenStopped, LogEventLevel.Information, who, $"warden stopped with exit code {p.ExitCode}");

    private static string Kept(bool kept, string killed) => kept ? "kept running (kill-mode = process)" : killed;

    /// <summary>A list as the log shows it: comma-separated, culture-invariant.</summary>
    private static string List<T>(IEnumerable<T> items) =>
        string.Join(", ", items.Select(item => Convert.ToString(item, CultureInfo.InvariantCulture)));
}
