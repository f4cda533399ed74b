using System.Globalization;
using System.Text.Json;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Serialises one event for the stream in the events.jsonl shape (<see cref="EventJson"/>: flat fields,
/// <c>…Z</c> timestamps), so `warden events`, <c>GET /v1/events</c> and the file are one format. Event
/// fields are free-form objects; one that JSON cannot represent (nested too deep, a cycle) must not end
/// every subscriber's stream, so such fields are sent as their invariant string form instead.
/// </summary>
internal static class WardenEventSerializer
{
    public static byte[] Serialize(WardenEvent wardenEvent)
    {
        try
        {
            return Line(wardenEvent);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            var fields = wardenEvent.Fields.ToDictionary(
                f => f.Key,
                f => f.Value is null ? null : (object?)Convert.ToString(f.Value, CultureInfo.InvariantCulture));
            return Line(wardenEvent with { Payload = new WireEvent(wardenEvent.Event, fields) });
        }
    }

    private static byte[] Line(WardenEvent wardenEvent)
    {
        var line = EventJson.ToLine(wardenEvent);
        return line[..^1];
    }
}
