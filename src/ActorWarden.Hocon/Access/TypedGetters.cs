using System.Globalization;
using System.Numerics;

namespace ActorWarden.Hocon;

/// <summary>
/// Converts values for <see cref="Config"/>'s getters. Every failure names the key path, what was expected
/// and what was found, at the value's origin, so callers never need to re-describe a config error.
/// </summary>
internal static class TypedGetters
{
    public static string String(HoconValue value, string path) => value switch
    {
        HoconString s => s.Value,
        HoconNumber n => n.Text,
        HoconBoolean b => b.Value ? "true" : "false",
        _ => throw Mismatch(value, path, "a string"),
    };

    public static int Int(HoconValue value, string path)
    {
        var number = Number(value, path, "an int");
        return number.TryGetInt64(out var l) && l is >= int.MinValue and <= int.MaxValue
            ? (int)l
            : throw Mismatch(value, path, "an int (32-bit whole number)");
    }

    public static long Long(HoconValue value, string path)
    {
        var number = Number(value, path, "a long");
        return number.TryGetInt64(out var l) ? l : throw Mismatch(value, path, "a long (64-bit whole number)");
    }

    public static double Double(HoconValue value, string path) => Number(value, path, "a number").ToDouble();

    public static bool Boolean(HoconValue value, string path)
    {
        var text = value switch
        {
            HoconBoolean b => b.Value ? "true" : "false",
            HoconString s => s.Value,
            _ => null,
        };
        return text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Mismatch(value, path, "a boolean (true/false, yes/no, on/off)"),
        };
    }

    public static long DurationNanoseconds(HoconValue value, string path) =>
        UnitSource(value) is { } text && DurationParser.ParseNanoseconds(text) is { } nanos
            ? nanos
            : throw Mismatch(value, path, "a duration like 10s");

    public static HoconPeriod Period(HoconValue value, string path) =>
        UnitSource(value) is { } text && PeriodParser.Parse(text) is { } period
            ? period
            : throw Mismatch(value, path, "a period like 3 weeks");

    public static BigInteger BytesBig(HoconValue value, string path) =>
        UnitSource(value) is { } text && SizeParser.Parse(text) is { } bytes
            ? bytes
            : throw Mismatch(value, path, "a size in bytes like 512MiB");

    public static long Bytes(HoconValue value, string path)
    {
        var bytes = BytesBig(value, path);
        return bytes <= long.MaxValue
            ? (long)bytes
            : throw new HoconException(value.Origin, $"{path}: expected a size in bytes that fits 64 bits (at most {long.MaxValue}), found {value.Describe()} (out of range)");
    }

    public static HoconArray List(HoconValue value, string path) =>
        value as HoconArray ?? throw Mismatch(value, path, "a list");

    public static HoconObject Object(HoconValue value, string path) =>
        value as HoconObject ?? throw Mismatch(value, path, "an object");

    private static HoconNumber Number(HoconValue value, string path, string expected)
    {
        switch (value)
        {
            case HoconNumber n:
                return n;
            case HoconString s when IsNumberText(s.Value):
                return new HoconNumber(s.Value.Trim(), s.Origin);
            default:
                throw Mismatch(value, path, expected);
        }
    }

    private static bool IsNumberText(string text) =>
        UnitText.TryParseExact(text.Trim(), out _, out _) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string? UnitSource(HoconValue value) => value switch
    {
        HoconString s => s.Value,
        HoconNumber n => n.Text,
        _ => null,
    };

    private static HoconException Mismatch(HoconValue value, string path, string expected) =>
        new(value.Origin, $"{path}: expected {expected}, found {value.Describe()}");
}
