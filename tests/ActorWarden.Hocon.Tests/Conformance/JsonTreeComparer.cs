using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace ActorWarden.Hocon.Tests.Conformance;

/// <summary>
/// Compares a resolved HOCON tree with expected JSON by the corpus rules: key order ignored, key sets exact,
/// numbers by exact value (never through double), no equality across types, arrays ordered.
/// </summary>
internal static class JsonTreeComparer
{
    /// <summary>Null when equal, otherwise a description of the first difference.</summary>
    public static string? Difference(JsonElement expected, HoconValue actual, string path = "$")
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual is not HoconObject obj)
                {
                    return $"{path}: expected an object, found {actual.Type} {actual.ToJson()}";
                }

                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualKeys = obj.Keys.ToHashSet(StringComparer.Ordinal);
                if (!expectedKeys.SetEquals(actualKeys))
                {
                    var missing = string.Join(", ", expectedKeys.Except(actualKeys));
                    var extra = string.Join(", ", actualKeys.Except(expectedKeys));
                    return $"{path}: key sets differ; missing [{missing}], unexpected [{extra}]";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    if (Difference(property.Value, obj[property.Name], $"{path}.{property.Name}") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (actual is not HoconArray array)
                {
                    return $"{path}: expected an array, found {actual.Type} {actual.ToJson()}";
                }

                if (array.Count != expected.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} elements, found {array.Count}: {actual.ToJson()}";
                }

                var index = 0;
                foreach (var element in expected.EnumerateArray())
                {
                    if (Difference(element, array[index], $"{path}[{index}]") is { } d)
                    {
                        return d;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.String:
                return actual is HoconString s && s.Value == expected.GetString()
                    ? null
                    : $"{path}: expected string {expected.GetRawText()}, found {actual.Type} {actual.ToJson()}";
            case JsonValueKind.Number:
                return actual is HoconNumber n && ExactNumber.Parse(n.Text) == ExactNumber.Parse(expected.GetRawText())
                    ? null
                    : $"{path}: expected number {expected.GetRawText()}, found {actual.Type} {actual.ToJson()}";
            case JsonValueKind.True:
            case JsonValueKind.False:
                return actual is HoconBoolean b && b.Value == (expected.ValueKind == JsonValueKind.True)
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, found {actual.Type} {actual.ToJson()}";
            case JsonValueKind.Null:
                return actual is HoconNull ? null : $"{path}: expected null, found {actual.Type} {actual.ToJson()}";
            default:
                return $"{path}: unsupported expected JSON kind {expected.ValueKind}";
        }
    }

    /// <summary>Compares two System.Text.Json trees by the same rules; null when equal.</summary>
    public static string? JsonDifference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind}, found {actual.ValueKind}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (!expectedKeys.SetEquals(actualKeys))
                {
                    return $"{path}: key sets differ";
                }

                return expected.EnumerateObject()
                    .Select(p => JsonDifference(p.Value, actual.GetProperty(p.Name), $"{path}.{p.Name}"))
                    .FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: array lengths differ";
                }

                return expected.EnumerateArray().Zip(actual.EnumerateArray())
                    .Select((pair, i) => JsonDifference(pair.First, pair.Second, $"{path}[{i}]"))
                    .FirstOrDefault(d => d is not null);
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: strings differ";
            case JsonValueKind.Number:
                return ExactNumber.Parse(expected.GetRawText()) == ExactNumber.Parse(actual.GetRawText()) ? null : $"{path}: numbers differ";
            default:
                return null;
        }
    }

    /// <summary>A number as an exact (mantissa, exponent) pair with trailing zeros removed, so 42 = 42.0 = 4.2e1.</summary>
    private readonly record struct ExactNumber(BigInteger Mantissa, int Exponent)
    {
        public static ExactNumber Parse(string text)
        {
            var exponent = 0;
            var e = text.IndexOfAny(['e', 'E']);
            if (e >= 0)
            {
                exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text = text[..e];
            }

            var dot = text.IndexOf('.');
            if (dot >= 0)
            {
                exponent -= text.Length - dot - 1;
                text = text.Remove(dot, 1);
            }

            var mantissa = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (mantissa.IsZero)
            {
                return new ExactNumber(BigInteger.Zero, 0);
            }

            while (mantissa % 10 == 0)
            {
                mantissa /= 10;
                exponent++;
            }

            return new ExactNumber(mantissa, exponent);
        }
    }
}
