using Serilog.Events;

namespace ActorWarden.Host.Decisions;

/// <summary>One line of the warden's own log for one event: what it is, how loud, whom it concerns.</summary>
/// <param name="Kind">What the line reports; also its Windows event ID and the rate limiter's key with <paramref name="Subject"/>.</param>
/// <param name="Level">Serilog level, hence the journald priority and the Windows entry type.</param>
/// <param name="Subject">The instance, service, group or warden the line is about.</param>
/// <param name="Text">The line itself, worded like supervisord's (<c>exited: crasher (exit status 1; not expected)</c>).</param>
public sealed record DecisionLine(DecisionKind Kind, LogEventLevel Level, string Subject, string Text);
