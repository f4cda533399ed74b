using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// The server's side of <see cref="ApiJson"/>: its compile-time metadata first, reflection for the rest
/// (events, metrics), and any enum they hold written as a camelCase string like the contracts' own.
/// </summary>
public static class ControlPlaneJson
{
    public static JsonSerializerOptions Options { get; } =
        ApiJson.Create(
            JsonTypeInfoResolver.Combine(ControlPlaneJsonContext.Default, new DefaultJsonTypeInfoResolver()),
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
}
