using System.Numerics;

namespace ActorWarden.Hocon;

/// <summary>
/// Reads sizes in bytes with every spelling of the spec's table: decimal units (<c>kB</c>, <c>MB</c>, ...
/// powers of 1000) and binary ones (<c>K</c>, <c>Ki</c>, <c>KiB</c>, <c>m</c>, ... powers of 1024).
/// <c>KB</c> is ambiguous and therefore rejected; negative sizes are rejected.
/// </summary>
internal static class SizeParser
{
    private static readonly Dictionary<string, BigInteger> BytesPerUnit = BuildUnits();

    /// <summary>Parses to bytes of any magnitude; null when the text is not a size.</summary>
    public static BigInteger? Parse(string text)
    {
        if (!UnitText.TrySplit(text, out var number, out var unit)
            || !BytesPerUnit.TryGetValue(unit, out var factor)
            || !UnitText.TryParseExact(number, out var mantissa, out var exponent)
            || mantissa.Sign < 0)
        {
            return null;
        }

        return UnitText.Scale(mantissa, exponent, factor);
    }

    private static Dictionary<string, BigInteger> BuildUnits()
    {
        var units = new Dictionary<string, BigInteger>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        for (var i = 0; i < decimalPrefixes.Length; i++)
        {
            var power = i + 1;
            var thousand = BigInteger.Pow(1000, power);
            var kibi = BigInteger.Pow(1024, power);
            var letter = decimalPrefixes[i].ToUpperInvariant();
            units[decimalPrefixes[i] + "B"] = thousand;
            units[decimalNames[i] + "byte"] = thousand;
            units[decimalNames[i] + "bytes"] = thousand;
            units[letter] = kibi;
            units[letter.ToLowerInvariant()] = kibi;
            units[letter + "i"] = kibi;
            units[letter + "iB"] = kibi;
            units[binaryNames[i] + "byte"] = kibi;
            units[binaryNames[i] + "bytes"] = kibi;
        }

        return units;
    }
}
