using System.Globalization;

namespace ActorWarden.Hocon;

/// <summary>
/// Reads calendar periods (<c>3 weeks</c>, <c>12 mo</c>, <c>1y</c>, <c>365</c> = days). For periods <c>m</c>
/// means months, unlike durations; amounts must be whole numbers.
/// </summary>
internal static class PeriodParser
{
    public static HoconPeriod? Parse(string text)
    {
        if (!UnitText.TrySplit(text, out var number, out var unit)
            || !UnitText.IsInteger(number)
            || !int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        try
        {
            return unit switch
            {
                "" or "d" or "day" or "days" => new HoconPeriod(0, 0, amount),
                "w" or "week" or "weeks" => new HoconPeriod(0, 0, checked(amount * 7)),
                "m" or "mo" or "month" or "months" => new HoconPeriod(0, amount, 0),
                "y" or "year" or "years" => new HoconPeriod(amount, 0, 0),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
