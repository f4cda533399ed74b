using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// The one JSON shape of the API, shared by server and client so both always agree: camelCase names,
/// enums as camelCase strings, durations as seconds (numbers are what dashboards and scripts want).
/// </summary>
public static class ControlPlaneJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // Readable in curl and logs ('web', not \u0027web\u0027); responses are never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ControlPlaneJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new TimeSpanSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
