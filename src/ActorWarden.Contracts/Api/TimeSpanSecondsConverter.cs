using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorWarden.Contracts.Api;

/// <summary>Durations travel as seconds with millisecond precision, so JavaScript and jq can do arithmetic on them.</summary>
public sealed class TimeSpanSecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"expected a duration in seconds (number), found {reader.TokenType}");
        }

        return TimeSpan.FromMilliseconds(Math.Round(reader.GetDouble() * 1000));
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
}
