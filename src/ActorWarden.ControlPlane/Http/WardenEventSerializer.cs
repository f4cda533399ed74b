using System.Globalization;
using System.Text.Json;
using ActorWarden.Supervision.Control;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Serialises one event for the stream. Event fields are free-form objects; one that JSON cannot
/// represent (a cycle, an unsupported type) must not end every subscriber's stream, so such fields are
/// sent as their invariant string form instead.
/// </summary>
internal static class WardenEventSerializer
{
    public static byte[] Serialize(WardenEvent wardenEvent)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(wardenEvent, ControlPlaneJson.Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            var fields = wardenEvent.Fields.ToDictionary(
                f => f.Key,
                f => f.Value is null ? null : (object?)Convert.ToString(f.Value, CultureInfo.InvariantCulture));
            return JsonSerializer.SerializeToUtf8Bytes(wardenEvent with { Fields = fields }, ControlPlaneJson.Options);
        }
    }
}
