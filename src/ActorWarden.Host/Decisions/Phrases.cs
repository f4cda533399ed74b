using System.Globalization;

namespace ActorWarden.Host.Decisions;

/// <summary>How durations, exits and byte counts read in the decision log: short, unit always given, culture-invariant.</summary>
internal static class Phrases
{
    private static readonly Dictionary<long, string> SignalNames = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS",
        [8] = "SIGFPE", [9] = "SIGKILL", [10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2", [13] = "SIGPIPE",
        [14] = "SIGALRM", [15] = "SIGTERM",
    };

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
        }

        if (span < TimeSpan.FromMinutes(1))
        {
            return span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        }

        return span < TimeSpan.FromHours(1)
            ? span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
            : span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
    }

    public static string Milliseconds(long? ms) => ms is { } value ? Duration(TimeSpan.FromMilliseconds(value)) : "an unknown time";

    /// <summary>supervisord's phrasing: <c>exit status 1</c>, <c>terminated by SIGKILL</c>, plus <c>(core dumped)</c>.</summary>
    public static string Exit(long? code, long? signal, bool coreDumped)
    {
        if (code is { } c)
        {
            return "exit status " + c.ToString(CultureInfo.InvariantCulture);
        }

        if (signal is { } s)
        {
            var name = SignalNames.TryGetValue(s, out var known) ? known : "signal " + s.ToString(CultureInfo.InvariantCulture);
            return "terminated by " + name + (coreDumped ? " (core dumped)" : "");
        }

        return "exit status unknown";
    }

    public static string Bytes(long? bytes) => bytes is { } b
        ? (b / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
        : "an unknown amount";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 service", "3 services"; an unknown count reads "? services".</summary>
    public static string Count(long? count, string noun) => count switch
    {
        null => $"? {noun}s",
        1 => $"1 {noun}",
        { } n => $"{Count(n)} {noun}s",
    };
}
