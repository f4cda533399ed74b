using System.Globalization;
using System.Numerics;

namespace ActorWarden.Hocon;

/// <summary>
/// A number, kept as the text written in the source so that huge or very precise values survive untouched
/// into JSON output and exact comparisons; conversions happen only when a caller asks for a type.
/// </summary>
public sealed class HoconNumber : HoconValue
{
    public HoconNumber(string text, HoconOrigin origin)
        : base(origin)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;
    }

    /// <summary>The number exactly as written, e.g. <c>1e5</c> or <c>9223372036854775807</c>.</summary>
    public string Text { get; }

    /// <summary>True when the text has no fraction and no exponent.</summary>
    public bool IsInteger => Text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    public override HoconValueType Type => HoconValueType.Number;

    internal override string ConcatenationText => Text;


    /// <summary>Reads the value as a 64-bit integer when it is one exactly.</summary>
    public bool TryGetInt64(out long value)
    {
        if (IsInteger)
        {
            return long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        if (TryGetDecimal(out var d) && decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads the value as an exact decimal when it fits one.</summary>
    public bool TryGetDecimal(out decimal value) =>
        decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads an integer of any size.</summary>
    public bool TryGetBigInteger(out BigInteger value)
    {
        if (IsInteger)
        {
            return BigInteger.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        value = default;
        return false;
    }

    /// <summary>The nearest double (may round).</summary>
    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    internal override string Describe() => Text;
}
