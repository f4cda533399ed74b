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
/// The API's enums have a converter each, not the one that makes them at run time: the client is also
/// compiled ahead of time (ActorWarden.Cli.Native), where that cannot work.
/// </summary>
public static class ApiJson
{
    /// <param name="resolver">The side's metadata.</param>
    /// <param name="more">Converters the side adds before the API's own (the server's for enums outside the contracts).</param>
    public static JsonSerializerOptions Create(IJsonTypeInfoResolver resolver, params JsonConverter[] more)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // Readable in curl and logs ('web', not \u0027web\u0027); responses are never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = resolver,
        };
        options.Converters.Add(new JsonStringEnumConverter<ProcessState>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<HealthState>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<ControlOutcome>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        foreach (var converter in more)
        {
            options.Converters.Add(converter);
        }

        options.Converters.Add(new TimeSpanSecondsConverter());
        options.MakeReadOnly();
        return options;
    }
}
