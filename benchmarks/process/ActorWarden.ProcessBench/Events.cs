using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorWarden.ProcessBench;

/// <summary>One line of the warden's events.jsonl, read tolerantly (field names case-insensitive,
/// event-specific fields either at the top level or under "fields").</summary>
internal sealed record EventLine(DateTimeOffset? Ts, string Event, string? Service, string? Instance, int? Pid, string? State);

/// <summary>Reads events.jsonl, whole or incrementally (only complete lines).</summary>
internal sealed class EventReader(string path)
{
    private long _offset;
    private readonly StringBuilder _partial = new();

    public string Path { get; } = path;

    public List<EventLine> ReadNew()
    {
        var list = new List<EventLine>();
        if (!File.Exists(Path))
        {
            return list;
        }

        using var fs = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (fs.Length < _offset)
        {
            _offset = 0;
        }

        fs.Seek(_offset, SeekOrigin.Begin);
        var buf = new byte[1 << 16];
        int n;
        while ((n = fs.Read(buf, 0, buf.Length)) > 0)
        {
            _offset += n;
            _partial.Append(Encoding.UTF8.GetString(buf, 0, n));
        }

        var text = _partial.ToString();
        var last = text.LastIndexOf('\n');
        if (last < 0)
        {
            return list;
        }

        _partial.Clear().Append(text.AsSpan(last + 1));
        foreach (var line in text[..last].Split('\n'))
        {
            if (Parse(line) is { } e)
            {
                list.Add(e);
            }
        }

        return list;
    }

    public static List<EventLine> ReadAll(string path) => new EventReader(path).ReadNew();

    public static EventLine? Parse(string line)
    {
        line = line.Trim();
        if (line.Length == 0 || line[0] != '{')
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            JsonElement? fields = Find(root, "fields") is { ValueKind: JsonValueKind.Object } f ? f : null;
            string? Str(params string[] names)
            {
                foreach (var name in names)
                {
                    var v = Find(root, name) ?? (fields is { } ff ? Find(ff, name) : null);
                    if (v is { } x && x.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    {
                        return x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText();
                    }
                }

                return null;
            }

            var ev = Str("event", "type", "name") ?? "";
            DateTimeOffset? ts = null;
            if (Str("ts", "timestamp", "time") is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                ts = parsed;
            }

            int? pid = int.TryParse(Str("pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;
            return new EventLine(ts, ev, Str("service"), Str("instance"), pid, Str("state", "to", "new-state", "newState", "new_state"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Find(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var prop in obj.EnumerateObject())
        {
            if (string.Equals(prop.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return prop.Value;
            }
        }

        return null;
    }
}
