using System.Text.Json;

namespace ActorWarden.Cluster.Status;

/// <summary>
/// How a node's status crosses the network: as JSON text in one string field, so Akka's default
/// serializer carries only a string and the records keep their one JSON shape.
/// </summary>
internal static class NodeStatusJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write(WardenStatus status) => JsonSerializer.Serialize(status, Options);

    public static WardenStatus Read(string json) =>
        JsonSerializer.Deserialize<WardenStatus>(json, Options) ?? throw new JsonException("a node answered an empty status");
}
