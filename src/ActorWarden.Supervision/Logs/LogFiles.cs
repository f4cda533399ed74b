using ActorWarden.Config;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// The naming scheme of captured-output files, in one place, so the shipper that writes them and the
/// readers (<c>warden logs</c>, the HTTP API's tail) can never disagree about where a stream lives.
/// </summary>
public static class LogFiles
{
    /// <summary>The file currently written for <paramref name="stream"/> of <paramref name="instance"/>:
    /// <c>&lt;directory&gt;/&lt;instance&gt;.out.log</c> or <c>.err.log</c>. Rotated files add <c>.1</c> (newest) .. <c>.keep</c>.</summary>
    /// <exception cref="ArgumentException">The instance name is empty or could escape the folder.</exception>
    public static string PathFor(LogSpec spec, string instance, LogStream stream)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrEmpty(instance) || instance.IndexOfAny(['/', '\\', '\0']) >= 0 || instance is "." or "..")
        {
            throw new ArgumentException($"'{instance}' is not a valid instance name for a log file.", nameof(instance));
        }

        var suffix = stream == LogStream.Stderr ? ".err.log" : ".out.log";
        return Path.Combine(spec.Directory, instance + suffix);
    }

    /// <summary>The path of rotated generation <paramref name="generation"/> (1 = newest) of <paramref name="currentPath"/>.</summary>
    public static string RotatedPath(string currentPath, int generation) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{currentPath}.{generation}");
}
