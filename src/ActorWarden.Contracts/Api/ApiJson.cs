using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ActorWarden.Contracts.Api;

/// <summary>
/// The one JSON shape of the API, shared by server and client so both always agree: camelCase names,
/// enums as camelCase strings, durations as seconds (numbers are what dashboards and scripts want).
/// Each side brings its own metadata: the server its source-generated context with a reflection
/// fallback, the client a source-generated context alone (no reflection in a `warden status` process).
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Create(IJsonTypeInfoResolver resolver)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // Readable in curl and logs ('web', not \u0027web\u0027); responses are never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = resolver,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new TimeSpanSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
