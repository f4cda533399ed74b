namespace ActorWarden.Supervision.Control;

/// <summary>
/// One line of the JSON-lines event log and one server-sent event: every transition and every
/// supervisor decision becomes exactly one of these, so the log is the complete history.
/// </summary>
/// <param name="Ts">When it happened, on the warden's clock (virtual under simulate).</param>
/// <param name="Event">Event name, e.g. <c>started</c>, <c>exited</c>, <c>directive</c>, <c>backoff</c>, <c>fatal</c>.</param>
/// <param name="Service">Service name, or null for warden-level events.</param>
/// <param name="Instance">Instance name, or null for service/group/warden-level events.</param>
/// <param name="Fields">Event-specific fields (pid, code, signal, directive, reason, delay_ms, state...).</param>
public sealed record WardenEvent(
    DateTimeOffset Ts,
    string Event,
    string? Service,
    string? Instance,
    IReadOnlyDictionary<string, object?> Fields);
