using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ActorWarden.Contracts.Control;

namespace ActorWarden.Contracts.Events;

/// <summary>
/// The one wire form of an event, shared by the JSON-lines file and anything else that serializes
/// events: <c>{"ts":"…Z","event":"…","service":"…","instance":"…",…fields}</c> on one line. Written by
/// hand with <see cref="Utf8JsonWriter"/> so field order is stable and no reflection is involved.
/// </summary>
public static class EventJson
{
    /// <summary>The writer options of every event line, for callers that write many lines with one writer.</summary>
    public static JsonWriterOptions WriterOptions => Options;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>The event as one line of UTF-8 JSON, including the trailing newline.</summary>
    public static byte[] ToLine(WardenEvent @event)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, @event);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The event as a JSON object string (no newline).</summary>
    public static string ToJson(WardenEvent @event)
    {
        var line = ToLine(@event);
        return System.Text.Encoding.UTF8.GetString(line, 0, line.Length - 1);
    }

    /// <summary>Writes the event object to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, WardenEvent @event)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(@event);
        writer.WriteStartObject();
        WriteTimestamp(writer, "ts"u8, @event.Ts);
        writer.WriteString("event", @event.Event);
        if (@event.Service is not null)
        {
            writer.WriteString("service", @event.Service);
        }

        if (@event.Instance is not null)
        {
            writer.WriteString("instance", @event.Instance);
        }

        if (@event.Node is not null)
        {
            writer.WriteString("node", @event.Node);
        }

        @event.Payload.Project(new JsonFieldWriter(writer));
        writer.WriteEndObject();
    }

    /// <summary>ISO-8601 UTC with milliseconds, e.g. 2026-11-21T10:30:00.123Z.</summary>
    public static string FormatTimestamp(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Writes <see cref="FormatTimestamp"/>'s form straight as UTF-8, without a string per event.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset ts)
    {
        Span<byte> utf8 = stackalloc byte[TimestampLength];
        writer.WriteString(name, utf8[..FormatTimestampUtf8(ts.UtcDateTime, utf8)]);
    }

    private const int TimestampLength = 24;

    /// <summary>
    /// <see cref="TimestampFormat"/>, digit by digit: every event of every restart carries one, and the
    /// general custom-format path took longer than the rest of the event's JSON.
    /// </summary>
    private static int FormatTimestampUtf8(DateTime utc, Span<byte> into)
    {
        var target = into[..TimestampLength];
        Digits(target, 0, utc.Year, 4);
        target[4] = (byte)'-';
        Digits(target, 5, utc.Month, 2);
        target[7] = (byte)'-';
        Digits(target, 8, utc.Day, 2);
        target[10] = (byte)'T';
        Digits(target, 11, utc.Hour, 2);
        target[13] = (byte)':';
        Digits(target, 14, utc.Minute, 2);
        target[16] = (byte)':';
        Digits(target, 17, utc.Second, 2);
        target[19] = (byte)'.';
        Digits(target, 20, utc.Millisecond, 3);
        target[23] = (byte)'Z';
        return TimestampLength;
    }

    private static void Digits(Span<byte> target, int at, int value, int count)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>
    /// Writes the payload's fields as properties of the event object. The envelope's names are the
    /// envelope's alone: a field that repeats one (only a payload read back from the wire can) is skipped.
    /// </summary>
    private sealed class JsonFieldWriter(Utf8JsonWriter writer) : EventFieldWriter
    {
        public override void Field(string name, object? value)
        {
            if (Named(name))
            {
                WriteValue(writer, value);
            }
        }

        public override void Field(string name, string? value)
        {
            if (!Named(name))
            {
                return;
            }

            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        public override void Field(string name, int value) => Field(name, (long)value);

        public override void Field(string name, int? value) => Field(name, (long?)value);

        public override void Field(string name, long value)
        {
            if (Named(name))
            {
                writer.WriteNumberValue(value);
            }
        }

        public override void Field(string name, long? value)
        {
            if (!Named(name))
            {
                return;
            }

            if (value is { } number)
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        public override void Field(string name, bool value)
        {
            if (Named(name))
            {
                writer.WriteBooleanValue(value);
            }
        }

        /// <summary>Writes the property name unless it is one of the envelope's; true when the value should follow.</summary>
        private bool Named(string name)
        {
            if (name is "ts" or "event" or "service" or "instance" or "node")
            {
                return false;
            }

            writer.WritePropertyName(name);
            return true;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double d:
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case TimeSpan t:
                writer.WriteNumberValue((long)t.TotalMilliseconds);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(FormatTimestamp(dto));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
