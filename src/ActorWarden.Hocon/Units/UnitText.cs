using System.Globalization;
using System.Numerics;

namespace ActorWarden.Hocon;

/// <summary>Splits unit-bearing text such as <c>" 10 ms "</c> into number and unit, the way the spec reads all three unit kinds.</summary>
internal static class UnitText
{
    /// <summary>Largest decimal exponent accepted, so <c>1e999999999 bytes</c> is an error and not a huge computation.</summary>
    private const int MaxExponent = 400;

    public static bool TrySplit(string text, out string number, out string unit)
    {
        var s = text.Trim();
        var i = s.Length;
        while (i > 0 && char.IsLetter(s[i - 1]))
        {
            i--;
        }

        unit = s[i..];
        number = s[..i].TrimEnd();
        return number.Length > 0;
    }

    /// <summary>True for an optionally signed integer with no fraction or exponent.</summary>
    public static bool IsInteger(string number)
    {
        var start = number.Length > 0 && (number[0] == '+' || number[0] == '-') ? 1 : 0;
        if (start >= number.Length)
        {
            return false;
        }

        for (var i = start; i < number.Length; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses a decimal number (<c>-1.5e3</c>, <c>.001</c>) exactly as <paramref name="mantissa"/> × 10^<paramref name="exponent"/>.
    /// </summary>
    public static bool TryParseExact(string number, out BigInteger mantissa, out int exponent)
    {
        mantissa = BigInteger.Zero;
        exponent = 0;
        var i = 0;
        var negative = false;
        if (i < number.Length && (number[i] == '+' || number[i] == '-'))
        {
            negative = number[i] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder();
        var fractionDigits = 0;
        var sawDigit = false;
        while (i < number.Length && char.IsAsciiDigit(number[i]))
        {
            digits.Append(number[i++]);
            sawDigit = true;
        }

        if (i < number.Length && number[i] == '.')
        {
            i++;
            while (i < number.Length && char.IsAsciiDigit(number[i]))
            {
                digits.Append(number[i++]);
                fractionDigits++;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        var exp = 0;
        if (i < number.Length && (number[i] == 'e' || number[i] == 'E'))
        {
            i++;
            var expText = number[i..];
            if (!IsInteger(expText) || !int.TryParse(expText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
            {
                return false;
            }

            i = number.Length;
        }

        if (i != number.Length || Math.Abs((long)exp - fractionDigits) > MaxExponent)
        {
            return false;
        }

        mantissa = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        if (negative)
        {
            mantissa = -mantissa;
        }

        exponent = exp - fractionDigits;
        return true;
    }

    /// <summary>mantissa × 10^exponent × factor, truncated toward zero.</summary>
    public static BigInteger Scale(BigInteger mantissa, int exponent, BigInteger factor)
    {
        var product = mantissa * factor;
        return exponent >= 0 ? product * BigInteger.Pow(10, exponent) : BigInteger.Divide(product, BigInteger.Pow(10, -exponent));
    }
}
