namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>
/// Facility names of RFC 5424 §6.2.1 (with the usual aliases), checked once when the shipper is built
/// so a typo in <c>logs.ship.syslog.facility</c> is an error at start, not silently "user".
/// </summary>
internal static class SyslogFacility
{
    private static readonly Dictionary<string, int> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kern"] = 0, ["user"] = 1, ["mail"] = 2, ["daemon"] = 3, ["auth"] = 4, ["syslog"] = 5, ["lpr"] = 6,
        ["news"] = 7, ["uucp"] = 8, ["cron"] = 9, ["authpriv"] = 10, ["ftp"] = 11, ["ntp"] = 12,
        ["security"] = 13, ["audit"] = 13, ["console"] = 14, ["alert"] = 14, ["clock"] = 15,
        ["local0"] = 16, ["local1"] = 17, ["local2"] = 18, ["local3"] = 19,
        ["local4"] = 20, ["local5"] = 21, ["local6"] = 22, ["local7"] = 23,
    };

    /// <summary>The numeric facility for <paramref name="name"/> (a name or 0..23).</summary>
    /// <exception cref="ArgumentException">Unknown facility, naming the setting and the accepted values.</exception>
    public static int Parse(string name)
    {
        if (Codes.TryGetValue(name.Trim(), out var code))
        {
            return code;
        }

        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code) && code is >= 0 and <= 23)
        {
            return code;
        }

        throw new ArgumentException(
            $"logs.ship.syslog.facility: '{name}' is not a syslog facility (expected one of {string.Join(", ", Codes.Keys)}, or 0-23).",
            nameof(name));
    }
}
