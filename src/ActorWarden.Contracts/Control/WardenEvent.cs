using ActorWarden.Contracts.Events;

namespace ActorWarden.Contracts.Control;

/// <summary>
/// One line of the JSON-lines event log and one server-sent event: every transition and every
/// supervisor decision becomes exactly one of these, so the log is the complete history. Inside the
/// warden it carries a typed <see cref="Payload"/>; <see cref="Fields"/> is only its projection for the edge.
/// </summary>
public sealed record WardenEvent
{
    /// <param name="ts">When it happened, on the warden's clock (virtual under simulate).</param>
    /// <param name="service">Service name, or null for warden-level events.</param>
    /// <param name="instance">Instance name, or null for service/group/warden-level events.</param>
    /// <param name="payload">What happened, typed; its <see cref="EventPayload.Name"/> is the event name.</param>
    public WardenEvent(DateTimeOffset ts, string? service, string? instance, EventPayload payload)
    {
        Ts = ts;
        Service = service;
        Instance = instance;
        Payload = payload ?? throw new ArgumentNullException(nameof(payload));
    }

    /// <summary>An event read from the wire: name and fields as they came (<see cref="WireEvent"/>).</summary>
    public WardenEvent(DateTimeOffset ts, string @event, string? service, string? instance, IReadOnlyDictionary<string, object?> fields)
        : this(ts, service, instance, new WireEvent(@event, fields))
    {
    }

    /// <summary>When it happened, on the warden's clock (virtual under simulate).</summary>
    public DateTimeOffset Ts { get; init; }

    /// <summary>Service name, or null for warden-level events.</summary>
    public string? Service { get; init; }

    /// <summary>Instance name, or null for service/group/warden-level events.</summary>
    public string? Instance { get; init; }

    /// <summary>The cluster node that emitted it ("127.0.0.1:4053"), or null for a warden outside a cluster.</summary>
    public string? Node { get; init; }

    /// <summary>What happened, typed.</summary>
    public EventPayload Payload { get; init; }

    /// <summary>Event name, e.g. <c>started</c>, <c>exited</c>, <c>directive</c>, <c>backoff</c>, <c>fatal</c>.</summary>
    public string Event => Payload.Name;

    /// <summary>
    /// Event-specific fields (pid, code, signal, directive, reason, delay_ms, state...), projected from
    /// <see cref="Payload"/> on each read: for readers at the edge, never for the warden's own consumers.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Fields => Payload.ToFields();
}
