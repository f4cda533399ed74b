using System.Globalization;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>How simulated time is written in tables, summaries and the picture: invariant culture, fixed shapes, so output is byte-stable.</summary>
public static class SimTime
{
    /// <summary>Clock form since the warden started, e.g. <c>00:01:02.250</c> (hours grow past 99 for long runs).</summary>
    public static string Clock(TimeSpan t)
    {
        var totalMs = (long)Math.Round(t.TotalMilliseconds, MidpointRounding.AwayFromZero);
        var hours = totalMs / 3_600_000;
        var minutes = totalMs / 60_000 % 60;
        var seconds = totalMs / 1000 % 60;
        var ms = totalMs % 1000;
        if (totalMs < 0 || hours > 99)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds:00}.{ms:000}");
        }

        // The usual shape, digit by digit: a day-long timeline has one of these per row.
        return string.Create(12, (Hours: (int)hours, Minutes: (int)minutes, Seconds: (int)seconds, Ms: (int)ms), static (chars, t) =>
        {
            chars[0] = (char)('0' + (t.Hours / 10));
            chars[1] = (char)('0' + (t.Hours % 10));
            chars[2] = ':';
            chars[3] = (char)('0' + (t.Minutes / 10));
            chars[4] = (char)('0' + (t.Minutes % 10));
            chars[5] = ':';
            chars[6] = (char)('0' + (t.Seconds / 10));
            chars[7] = (char)('0' + (t.Seconds % 10));
            chars[8] = '.';
            chars[9] = (char)('0' + (t.Ms / 100));
            chars[10] = (char)('0' + (t.Ms / 10 % 10));
            chars[11] = (char)('0' + (t.Ms % 10));
        });
    }

    /// <summary>Compact duration as in a config file: <c>250ms</c>, <c>1.5s</c>, <c>2m30s</c>, <c>1h</c>.</summary>
    public static string Short(TimeSpan t)
    {
        if (t < TimeSpan.Zero)
        {
            return "-" + Short(-t);
        }

        var ms = Math.Round(t.TotalMilliseconds, 3, MidpointRounding.AwayFromZero);
        if (ms == 0)
        {
            return "0s";
        }

        if (ms < 1000)
        {
            return ms.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        if (ms < 60_000)
        {
            return (ms / 1000).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        }

        var whole = TimeSpan.FromMilliseconds(ms);
        var parts = new List<string>(4);
        if (whole.Days > 0)
        {
            parts.Add(whole.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }

        if (whole.Hours > 0)
        {
            parts.Add(whole.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (whole.Minutes > 0)
        {
            parts.Add(whole.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        var seconds = whole.Seconds + (whole.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            parts.Add(seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }
}
