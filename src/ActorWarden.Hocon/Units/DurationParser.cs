using System.Globalization;
using System.Numerics;

namespace ActorWarden.Hocon;

/// <summary>
/// Reads the spec's duration format (<c>10s</c>, <c>1.5 hours</c>, <c>500</c> = milliseconds). Units are
/// case-sensitive and only the spellings the spec lists are accepted, so typos such as <c>10 secs</c> fail loudly.
/// </summary>
internal static class DurationParser
{
    private static readonly Dictionary<string, long> NanosPerUnit = BuildUnits();

    /// <summary>Parses to nanoseconds; null when the text is not a duration or does not fit 64 bits.</summary>
    public static long? ParseNanoseconds(string text)
    {
        if (!UnitText.TrySplit(text, out var number, out var unit) || !NanosPerUnit.TryGetValue(unit, out var factor))
        {
            return null;
        }

        if (UnitText.IsInteger(number))
        {
            var value = BigInteger.Parse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) * factor;
            return value >= long.MinValue && value <= long.MaxValue ? (long)value : null;
        }

        if (!UnitText.TryParseExact(number, out _, out _)
            || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return null;
        }

        var nanos = Math.Truncate(d * factor);
        return nanos >= long.MinValue && nanos < 9.2233720368547758E18 ? (long)nanos : null;
    }

    private static Dictionary<string, long> BuildUnits()
    {
        var units = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(long nanos, params string[] names)
        {
            foreach (var n in names)
            {
                units[n] = nanos;
            }
        }

        Add(1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000, "", "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000, "s", "second", "seconds");
        Add(60_000_000_000, "m", "minute", "minutes");
        Add(3_600_000_000_000, "h", "hour", "hours");
        Add(86_400_000_000_000, "d", "day", "days");
        return units;
    }
}
