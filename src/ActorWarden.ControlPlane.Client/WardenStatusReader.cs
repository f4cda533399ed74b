using System.Text.Json;
using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Reads <c>GET /v1/status</c> by walking a <see cref="JsonDocument"/>, in the shape of
/// <see cref="ApiJson"/> (camelCase names, enums as camelCase strings, durations as seconds). The
/// serializer's metadata for these records is generic over value types (int?, TimeSpan?, the enum),
/// which ReadyToRun cannot precompile outside the framework: a `warden status` process spent about 350
/// of its 950 JIT compilations on it. JsonDocument's API is not generic, so this path runs precompiled.
/// A property missing from the answer takes its default, as with the serializer; a malformed one throws
/// <see cref="JsonException"/>. ClientTests round-trips a status with every property set.
/// </summary>
internal static class WardenStatusReader
{
    public static WardenStatus Read(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "status");
        return new WardenStatus(
            String(root, "configFile") ?? "",
            Duration(root, "uptime") ?? TimeSpan.Zero,
            Array(root, "groups", Group),
            Array(root, "instances", Instance),
            Runtime(root))
        {
            Containment = String(root, "containment"),
            Nodes = root.TryGetProperty("nodes", out var nodes) && nodes.ValueKind != JsonValueKind.Null ? Array(root, "nodes", Node) : null,
        };
    }

    private static GroupStatus Group(JsonElement e) =>
        new(String(e, "name") ?? "", String(e, "strategy") ?? "", Array(e, "services", s => s.GetString() ?? ""), Bool(e, "implicit"));

    private static InstanceStatus Instance(JsonElement e) =>
        new(
            String(e, "name") ?? "",
            String(e, "service") ?? "",
            String(e, "group") ?? "",
            String(e, "path") ?? "",
            State(e),
            Int(e, "pid"),
            Duration(e, "uptime"),
            Int(e, "restarts") ?? 0,
            Int(e, "lastExitCode"),
            Int(e, "lastSignal"),
            String(e, "health") ?? "",
            Long(e, "rssBytes"),
            String(e, "description"))
        {
            CpuTime = Duration(e, "cpuTime"),
            Tasks = Int(e, "tasks"),
            LogDrops = e.TryGetProperty("logDrops", out var drops) && drops.ValueKind != JsonValueKind.Null ? Array(e, "logDrops", LogDrop) : null,
            Node = String(e, "node"),
        };

    private static LogDropCount LogDrop(JsonElement e) =>
        new(String(e, "stream") ?? "", String(e, "reason") ?? "", Long(e, "lines") ?? 0, Long(e, "bytes") ?? 0);

    private static ClusterNodeStatus Node(JsonElement e) =>
        new(String(e, "address") ?? "", String(e, "status") ?? "", Bool(e, "reachable"), Bool(e, "self"), Bool(e, "answered"));

    private static WardenRuntimeStats Runtime(JsonElement root)
    {
        if (!root.TryGetProperty("runtime", out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return new WardenRuntimeStats(0, 0, 0, 0);
        }

        Expect(e, JsonValueKind.Object, "runtime");
        return new WardenRuntimeStats(Long(e, "deadLetters") ?? 0, Long(e, "managedHeapBytes") ?? 0, Long(e, "rssBytes") ?? 0, Int(e, "threads") ?? 0);
    }

    /// <summary>The enum as <see cref="ApiJson"/> writes it (camelCase); a name this client does not know is an error, as with the serializer.</summary>
    private static ProcessState State(JsonElement e) => String(e, "state") switch
    {
        "stopped" => ProcessState.Stopped,
        "starting" => ProcessState.Starting,
        "running" => ProcessState.Running,
        "backoff" => ProcessState.Backoff,
        "stopping" => ProcessState.Stopping,
        "exited" => ProcessState.Exited,
        "fatal" => ProcessState.Fatal,
        var other => throw new JsonException($"unknown state '{other}' of instance '{String(e, "name")}'"),
    };

    private static IReadOnlyList<T> Array<T>(JsonElement e, string name, Func<JsonElement, T> read)
    {
        if (!e.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        Expect(array, JsonValueKind.Array, name);
        var items = new T[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            items[i++] = read(item);
        }

        return items;
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Expect(value, JsonValueKind.String, name).GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Expect(value, JsonValueKind.Number, name).GetInt32() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Expect(value, JsonValueKind.Number, name).GetInt64() : null;

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new JsonException($"'{name}' is {value.ValueKind}, expected true or false"),
        };

    /// <summary>Seconds, as <see cref="TimeSpanSecondsConverter"/> writes them.</summary>
    private static TimeSpan? Duration(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? TimeSpan.FromMilliseconds(Math.Round(Expect(value, JsonValueKind.Number, name).GetDouble() * 1000))
            : null;

    private static JsonElement Expect(JsonElement value, JsonValueKind kind, string name) =>
        value.ValueKind == kind ? value : throw new JsonException($"'{name}' is {value.ValueKind}, expected {kind}");
}
