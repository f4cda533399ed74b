using System.Text.Json;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// One event as <c>/v1/events</c> sends it, in the flat events.jsonl shape: the four common keys, and
/// every other property as a field, left as JSON. The client reads the wire, not the warden's internal
/// event types, so it needs nothing of the supervision assembly.
/// </summary>
/// <param name="Ts">When it happened, on the warden's clock.</param>
/// <param name="Event">Event name, e.g. <c>started</c>, <c>state</c>, <c>command</c>.</param>
/// <param name="Service">Service name, or null for warden-level events.</param>
/// <param name="Instance">Instance name, or null for service/group/warden-level events.</param>
/// <param name="Fields">The event's other properties (pid, to, reason, ...).</param>
public sealed record StreamedEvent(
    DateTimeOffset Ts,
    string Event,
    string? Service,
    string? Instance,
    IReadOnlyDictionary<string, JsonElement> Fields)
{
    /// <summary>A field as text: a string as is, a number or boolean as written, null when missing or null.</summary>
    public string? Text(string field) =>
        Fields.TryGetValue(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            }
            : null;
}
