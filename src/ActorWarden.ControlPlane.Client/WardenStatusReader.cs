using System.Text.Json;
using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Reads <c>GET /v1/status</c> in one pass of a <see cref="Utf8JsonReader"/>, in the shape of
/// <see cref="ApiJson"/> (camelCase names, enums as camelCase strings, durations as seconds). The
/// serializer's metadata for these records is generic over value types (int?, TimeSpan?, the enum),
/// which ReadyToRun cannot precompile outside the framework: a `warden status` process spent about 350
/// of its 950 JIT compilations on it. Walking a JsonDocument instead built the document and then looked
/// every property up by name (some 17,000 lookups for 1,000 instances); the reader sees each token once.
/// A property missing from the answer takes its default, as with the serializer, and one this client
/// does not know is skipped; a malformed one throws <see cref="JsonException"/> naming it.
/// ClientTests round-trips a status with every property set.
/// </summary>
internal static class WardenStatusReader
{
    private delegate T ItemReader<T>(ref Utf8JsonReader reader);

    public static WardenStatus Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            throw new JsonException("the status is empty");
        }

        return Status(ref reader);
    }

    private static WardenStatus Status(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "status");
        string? configFile = null;
        string? containment = null;
        TimeSpan? uptime = null;
        IReadOnlyList<GroupStatus>? groups = null;
        IReadOnlyList<InstanceStatus>? instances = null;
        IReadOnlyList<ClusterNodeStatus>? nodes = null;
        var runtime = new WardenRuntimeStats(0, 0, 0, 0);
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("instances"u8))
            {
                instances = Array(ref r, "instances", Instance);
            }
            else if (r.ValueTextEquals("configFile"u8))
            {
                configFile = String(ref r, "configFile");
            }
            else if (r.ValueTextEquals("uptime"u8))
            {
                uptime = Duration(ref r, "uptime");
            }
            else if (r.ValueTextEquals("groups"u8))
            {
                groups = Array(ref r, "groups", Group);
            }
            else if (r.ValueTextEquals("runtime"u8))
            {
                runtime = Runtime(ref r);
            }
            else if (r.ValueTextEquals("containment"u8))
            {
                containment = String(ref r, "containment");
            }
            else if (r.ValueTextEquals("nodes"u8))
            {
                nodes = Array(ref r, "nodes", Node);
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new WardenStatus(configFile ?? "", uptime ?? TimeSpan.Zero, groups ?? [], instances ?? [], runtime)
        {
            Containment = containment,
            Nodes = nodes,
        };
    }

    private static GroupStatus Group(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "groups");
        string? name = null;
        string? strategy = null;
        IReadOnlyList<string>? services = null;
        var isImplicit = false;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("name"u8))
            {
                name = String(ref r, "name");
            }
            else if (r.ValueTextEquals("strategy"u8))
            {
                strategy = String(ref r, "strategy");
            }
            else if (r.ValueTextEquals("services"u8))
            {
                services = Array(ref r, "services", static (ref Utf8JsonReader s) => String(ref s, "services") ?? "");
            }
            else if (r.ValueTextEquals("implicit"u8))
            {
                isImplicit = Bool(ref r, "implicit");
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new GroupStatus(name ?? "", strategy ?? "", services ?? [], isImplicit);
    }

    private static InstanceStatus Instance(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "instances");
        string? name = null, service = null, group = null, path = null, state = null, health = null, description = null, node = null;
        int? pid = null, restarts = null, lastExitCode = null, lastSignal = null, tasks = null;
        long? rssBytes = null;
        TimeSpan? uptime = null, cpuTime = null;
        IReadOnlyList<LogDropCount>? logDrops = null;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("name"u8))
            {
                name = String(ref r, "name");
            }
            else if (r.ValueTextEquals("service"u8))
            {
                service = String(ref r, "service");
            }
            else if (r.ValueTextEquals("group"u8))
            {
                group = String(ref r, "group");
            }
            else if (r.ValueTextEquals("path"u8))
            {
                path = String(ref r, "path");
            }
            else if (r.ValueTextEquals("state"u8))
            {
                state = String(ref r, "state");
            }
            else if (r.ValueTextEquals("pid"u8))
            {
                pid = Int(ref r, "pid");
            }
            else if (r.ValueTextEquals("uptime"u8))
            {
                uptime = Duration(ref r, "uptime");
            }
            else if (r.ValueTextEquals("restarts"u8))
            {
                restarts = Int(ref r, "restarts");
            }
            else if (r.ValueTextEquals("lastExitCode"u8))
            {
                lastExitCode = Int(ref r, "lastExitCode");
            }
            else if (r.ValueTextEquals("lastSignal"u8))
            {
                lastSignal = Int(ref r, "lastSignal");
            }
            else if (r.ValueTextEquals("health"u8))
            {
                health = String(ref r, "health");
            }
            else if (r.ValueTextEquals("rssBytes"u8))
            {
                rssBytes = Long(ref r, "rssBytes");
            }
            else if (r.ValueTextEquals("description"u8))
            {
                description = String(ref r, "description");
            }
            else if (r.ValueTextEquals("cpuTime"u8))
            {
                cpuTime = Duration(ref r, "cpuTime");
            }
            else if (r.ValueTextEquals("tasks"u8))
            {
                tasks = Int(ref r, "tasks");
            }
            else if (r.ValueTextEquals("logDrops"u8))
            {
                logDrops = Array(ref r, "logDrops", LogDrop);
            }
            else if (r.ValueTextEquals("node"u8))
            {
                node = String(ref r, "node");
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new InstanceStatus(name ?? "", service ?? "", group ?? "", path ?? "", State(state, name), pid, uptime, restarts ?? 0, lastExitCode, lastSignal, health ?? "", rssBytes, description)
        {
            CpuTime = cpuTime,
            Tasks = tasks,
            LogDrops = logDrops,
            Node = node,
        };
    }

    private static LogDropCount LogDrop(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "logDrops");
        string? stream = null, reason = null;
        long? lines = null, bytes = null;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("stream"u8))
            {
                stream = String(ref r, "stream");
            }
            else if (r.ValueTextEquals("reason"u8))
            {
                reason = String(ref r, "reason");
            }
            else if (r.ValueTextEquals("lines"u8))
            {
                lines = Long(ref r, "lines");
            }
            else if (r.ValueTextEquals("bytes"u8))
            {
                bytes = Long(ref r, "bytes");
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new LogDropCount(stream ?? "", reason ?? "", lines ?? 0, bytes ?? 0);
    }

    private static ClusterNodeStatus Node(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "nodes");
        string? address = null, status = null;
        bool reachable = false, self = false, answered = false;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("address"u8))
            {
                address = String(ref r, "address");
            }
            else if (r.ValueTextEquals("status"u8))
            {
                status = String(ref r, "status");
            }
            else if (r.ValueTextEquals("reachable"u8))
            {
                reachable = Bool(ref r, "reachable");
            }
            else if (r.ValueTextEquals("self"u8))
            {
                self = Bool(ref r, "self");
            }
            else if (r.ValueTextEquals("answered"u8))
            {
                answered = Bool(ref r, "answered");
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new ClusterNodeStatus(address ?? "", status ?? "", reachable, self, answered);
    }

    private static WardenRuntimeStats Runtime(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null)
        {
            return new WardenRuntimeStats(0, 0, 0, 0);
        }

        Expect(ref r, JsonTokenType.StartObject, "runtime");
        long? deadLetters = null, heap = null, rss = null, allocated = null;
        int? threads = null;
        IReadOnlyList<int>? collections = null;
        IReadOnlyList<StageCost>? stages = null;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("deadLetters"u8))
            {
                deadLetters = Long(ref r, "deadLetters");
            }
            else if (r.ValueTextEquals("managedHeapBytes"u8))
            {
                heap = Long(ref r, "managedHeapBytes");
            }
            else if (r.ValueTextEquals("rssBytes"u8))
            {
                rss = Long(ref r, "rssBytes");
            }
            else if (r.ValueTextEquals("threads"u8))
            {
                threads = Int(ref r, "threads");
            }
            else if (r.ValueTextEquals("allocatedBytes"u8))
            {
                allocated = Long(ref r, "allocatedBytes");
            }
            else if (r.ValueTextEquals("collections"u8))
            {
                collections = Array(ref r, "collections", static (ref Utf8JsonReader c) => Expect(ref c, JsonTokenType.Number, "collections").GetInt32());
            }
            else if (r.ValueTextEquals("stages"u8))
            {
                stages = Array(ref r, "stages", Stage);
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new WardenRuntimeStats(deadLetters ?? 0, heap ?? 0, rss ?? 0, threads ?? 0) { AllocatedBytes = allocated ?? 0, Collections = collections ?? [], Stages = stages };
    }

    private static StageCost Stage(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "stages");
        string? stage = null;
        long? cpu = null, allocated = null, entries = null;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("stage"u8))
            {
                stage = String(ref r, "stage");
            }
            else if (r.ValueTextEquals("cpuNanoseconds"u8))
            {
                cpu = Long(ref r, "cpuNanoseconds");
            }
            else if (r.ValueTextEquals("allocatedBytes"u8))
            {
                allocated = Long(ref r, "allocatedBytes");
            }
            else if (r.ValueTextEquals("entries"u8))
            {
                entries = Long(ref r, "entries");
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return new StageCost(stage ?? "", cpu ?? 0, allocated ?? 0, entries ?? 0);
    }

    /// <summary>The enum as <see cref="ApiJson"/> writes it (the state names); a name this client does not know is an error, as with the serializer.</summary>
    private static ProcessState State(string? state, string? instance) =>
        ProcessStateNames.TryParse(state, out var parsed) ? parsed : throw new JsonException($"unknown state '{state}' of instance '{instance}'");

    /// <summary>From an object's start or the value before: moves to its next property name, false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader r)
    {
        r.Read();
        return r.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>From a property name: passes its value, whatever it is.</summary>
    private static void SkipValue(ref Utf8JsonReader r)
    {
        r.Read();
        r.Skip();
    }

    /// <summary>From a property name: its array, each item read by <paramref name="read"/> from the item's first token; null when the value is null.</summary>
    private static IReadOnlyList<T>? Array<T>(ref Utf8JsonReader r, string name, ItemReader<T> read)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref r, JsonTokenType.StartArray, name);
        var items = new List<T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            items.Add(read(ref r));
        }

        return items;
    }

    /// <summary>From a property name (or, in an array of strings, at the item): the string, or null.</summary>
    private static string? String(ref Utf8JsonReader r, string name)
    {
        if (r.TokenType == JsonTokenType.PropertyName)
        {
            r.Read();
        }

        return r.TokenType == JsonTokenType.Null ? null : Expect(ref r, JsonTokenType.String, name).GetString();
    }

    private static int? Int(ref Utf8JsonReader r, string name)
    {
        r.Read();
        return r.TokenType == JsonTokenType.Null ? null : Expect(ref r, JsonTokenType.Number, name).GetInt32();
    }

    private static long? Long(ref Utf8JsonReader r, string name)
    {
        r.Read();
        return r.TokenType == JsonTokenType.Null ? null : Expect(ref r, JsonTokenType.Number, name).GetInt64();
    }

    private static bool Bool(ref Utf8JsonReader r, string name)
    {
        r.Read();
        return r.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw new JsonException($"'{name}' is {Kind(r.TokenType)}, expected true or false"),
        };
    }

    /// <summary>Seconds, as <see cref="TimeSpanSecondsConverter"/> writes them.</summary>
    private static TimeSpan? Duration(ref Utf8JsonReader r, string name)
    {
        r.Read();
        return r.TokenType == JsonTokenType.Null
            ? null
            : TimeSpan.FromMilliseconds(Math.Round(Expect(ref r, JsonTokenType.Number, name).GetDouble() * 1000));
    }

    private static ref Utf8JsonReader Expect(ref Utf8JsonReader r, JsonTokenType token, string name)
    {
        if (r.TokenType != token)
        {
            throw new JsonException($"'{name}' is {Kind(r.TokenType)}, expected {Kind(token)}");
        }

        return ref r;
    }

    /// <summary>A token's kind by the name <see cref="JsonValueKind"/> gives it, as errors name it.</summary>
    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => nameof(JsonValueKind.Object),
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        JsonTokenType.Null => nameof(JsonValueKind.Null),
        _ => token.ToString(),
    };
}
