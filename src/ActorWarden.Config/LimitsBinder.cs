using System.Globalization;
using ActorWarden.Processes;

namespace ActorWarden.Config;

/// <summary>
/// Binds <c>limits { nofile, nproc, core, memlock }</c> and <c>umask</c>. A limit is one value for
/// both the soft and the hard limit (<c>65536</c>, <c>unlimited</c>, <c>64MiB</c> for the byte
/// limits) or <c>"SOFT:HARD"</c>, as systemd's LimitNOFILE= reads it.
/// </summary>
internal static class LimitsBinder
{
    public static ResourceLimits? BindLimits(ConfigReader r)
    {
        var limits = new ResourceLimits
        {
            Nofile = Limit(r, "nofile", bytes: false),
            Nproc = Limit(r, "nproc", bytes: false),
            Core = Limit(r, "core", bytes: true),
            Memlock = Limit(r, "memlock", bytes: true),
        };
        return limits.IsEmpty ? null : limits;
    }

    /// <summary>
    /// An octal mask such as 027 or "0027". The digits are read as octal whatever HOCON made of them, so
    /// an unquoted 027 (the number 27 to HOCON) is the same mask.
    /// </summary>
    public static int? BindUmask(ConfigReader r, string key)
    {
        if (r.IsNull(key))
        {
            return null;
        }

        var text = r.String(key).Trim();
        if (text.Length is >= 1 and <= 4 && text.All(c => c is >= '0' and <= '7'))
        {
            return Convert.ToInt32(text, 8);
        }

        r.Error(key, $"expected an octal mask such as \"022\" or \"0027\", found \"{text}\"");
        return null;
    }

    private static ResourceLimit? Limit(ConfigReader r, string key, bool bytes)
    {
        if (r.IsNull(key))
        {
            return null;
        }

        var text = r.String(key).Trim();
        var parts = text.Split(':');
        if (parts.Length > 2)
        {
            r.Error(key, $"expected a limit (a number, \"unlimited\", or \"SOFT:HARD\"), found \"{text}\"");
            return null;
        }

        var soft = Value(parts[0], bytes, out var softOk);
        var hardOk = true;
        var hard = parts.Length == 2 ? Value(parts[1], bytes, out hardOk) : soft;
        if (!softOk || !hardOk)
        {
            var units = bytes ? ", a size such as 64MiB" : string.Empty;
            r.Error(key, $"expected a number{units}, \"unlimited\", or \"SOFT:HARD\" of those, found \"{text}\"");
            return null;
        }

        if (soft is { } s && hard is { } h && s > h)
        {
            r.Error(key, $"the soft limit {s} is above the hard limit {h}");
            return null;
        }

        if (hard is not null && soft is null)
        {
            r.Error(key, $"the soft limit is unlimited but the hard limit is {hard}");
            return null;
        }

        return new ResourceLimit(soft, hard);
    }

    private static ulong? Value(string text, bool bytes, out bool ok)
    {
        ok = true;
        var word = text.Trim();
        if (word is "unlimited" or "infinity")
        {
            return null;
        }

        if (ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (bytes && Size(word) is { } size)
        {
            return size;
        }

        ok = false;
        return null;
    }

    private static ulong? Size(string word)
    {
        (string Suffix, ulong Factor)[] units = [("KiB", 1UL << 10), ("MiB", 1UL << 20), ("GiB", 1UL << 30), ("K", 1UL << 10), ("M", 1UL << 20), ("G", 1UL << 30)];
        foreach (var (suffix, factor) in units)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal)
                && ulong.TryParse(word[..^suffix.Length].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count * factor;
            }
        }

        return null;
    }
}
