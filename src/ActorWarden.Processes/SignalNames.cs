using System.Globalization;

namespace ActorWarden.Processes;

/// <summary>
/// The Linux signal names and numbers an operator may write (<c>HUP</c>, <c>SIGHUP</c>, <c>1</c>,
/// <c>RTMIN+3</c>), as <c>kill -l</c> lists them, so <c>warden signal</c> and <c>reload.signal</c> can
/// send any signal and not only the few of <see cref="ProcessSignal"/>.
/// </summary>
public static class SignalNames
{
    private const int RealTimeMin = 34;
    private const int RealTimeMax = 64;

    private static readonly string[] Standard =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>Reads a signal as a name (with or without SIG, any case), RTMIN+n / RTMAX-n, or a number 1..64.</summary>
    /// <returns>The signal, or null with <paramref name="error"/> saying what is accepted.</returns>
    public static ProcessSignal? TryParse(string? text, out string error)
    {
        error = string.Empty;
        var word = (text ?? string.Empty).Trim().ToUpperInvariant();
        if (word.StartsWith("SIG", StringComparison.Ordinal))
        {
            word = word[3..];
        }

        if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= RealTimeMax)
        {
            return (ProcessSignal)number;
        }

        var index = Array.IndexOf(Standard, word);
        if (index > 0)
        {
            return (ProcessSignal)index;
        }

        if (RealTime(word) is { } realTime)
        {
            return (ProcessSignal)realTime;
        }

        error = $"'{text}' is not a signal; expected a name such as SIGHUP, HUP, USR1, TERM, RTMIN+1, or a number 1..{RealTimeMax}";
        return null;
    }

    /// <summary>The conventional name of <paramref name="signal"/> (SIGHUP, SIGRTMIN+2), or its number.</summary>
    public static string Name(ProcessSignal signal)
    {
        var number = (int)signal;
        if (number > 0 && number < Standard.Length)
        {
            return "SIG" + Standard[number];
        }

        return number is >= RealTimeMin and <= RealTimeMax
            ? "SIGRTMIN+" + (number - RealTimeMin).ToString(CultureInfo.InvariantCulture)
            : number.ToString(CultureInfo.InvariantCulture);
    }

    private static int? RealTime(string word)
    {
        if (word == "RTMIN")
        {
            return RealTimeMin;
        }

        if (word == "RTMAX")
        {
            return RealTimeMax;
        }

        if (word.StartsWith("RTMIN+", StringComparison.Ordinal) && int.TryParse(word[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var up) && RealTimeMin + up <= RealTimeMax)
        {
            return RealTimeMin + up;
        }

        if (word.StartsWith("RTMAX-", StringComparison.Ordinal) && int.TryParse(word[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var down) && RealTimeMax - down >= RealTimeMin)
        {
            return RealTimeMax - down;
        }

        return null;
    }
}
