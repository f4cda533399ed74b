namespace ActorWarden.Hocon;

/// <summary>
/// A calendar amount (years, months, days) as read by <see cref="Config.GetPeriod"/>. It is not a
/// <see cref="TimeSpan"/> because a month has no fixed length; weeks are folded into days as the spec says.
/// </summary>
public readonly record struct HoconPeriod(int Years, int Months, int Days)
{
    /// <summary>ISO-8601 form, e.g. <c>P1Y</c>, <c>P21D</c>, <c>P0D</c>.</summary>
    public override string ToString()
    {
        if (Years == 0 && Months == 0 && Days == 0)
        {
            return "P0D";
        }

        var text = "P";
        if (Years != 0)
        {
            text += $"{Years}Y";
        }

        if (Months != 0)
        {
            text += $"{Months}M";
        }

        if (Days != 0)
        {
            text += $"{Days}D";
        }

        return text;
    }
}
