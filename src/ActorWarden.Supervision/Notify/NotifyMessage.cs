using System.Globalization;

namespace ActorWarden.Supervision.Notify;

/// <summary>
/// One notify datagram, parsed: the assignments of sd_notify(3) the warden acts on. Unknown keys
/// (FDSTORE, BUSERROR, ...) are ignored as systemd ignores what it does not know, and a malformed
/// value is treated as absent, so a buggy client cannot make the warden fail, only be misunderstood.
/// </summary>
/// <param name="Ready">READY=1: startup is finished.</param>
/// <param name="Reloading">RELOADING=1: the service reloads its configuration.</param>
/// <param name="Stopping">STOPPING=1: the service is shutting down of its own accord.</param>
/// <param name="Watchdog">WATCHDOG=1: a heartbeat.</param>
/// <param name="WatchdogTrigger">WATCHDOG=trigger: the service declares itself hung; fail the check now.</param>
/// <param name="Status">STATUS=...: free text for status displays.</param>
/// <param name="MainPid">MAINPID=n: the service's main process, when it is not the spawned one (forking daemons).</param>
/// <param name="Errno">ERRNO=n: the service failed with this errno (shown with the status).</param>
public sealed record NotifyMessage(
    bool Ready,
    bool Reloading,
    bool Stopping,
    bool Watchdog,
    bool WatchdogTrigger,
    string? Status,
    int? MainPid,
    int? Errno)
{
    /// <summary>Nothing understood.</summary>
    public static NotifyMessage Empty { get; } = new(false, false, false, false, false, null, null, null);

    /// <summary>True when the message carries something to show (status text, a stopping or reloading notice, a main pid, an errno).</summary>
    public bool HasNotice => Status is not null || Stopping || Reloading || MainPid is not null || Errno is not null;

    private static readonly NotifyMessage WatchdogOnly = Empty with { Watchdog = true };

    /// <summary>Parses newline-separated KEY=VALUE assignments; later assignments of a key win.</summary>
    public static NotifyMessage Parse(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload == "WATCHDOG=1")
        {
            // A thousand instances send this every second: no split, no allocation.
            return WatchdogOnly;
        }

        var message = Empty;
        foreach (var raw in payload.Split('\n'))
        {
            // A Windows client writing lines (cmd's `echo READY=1> %NOTIFY_SOCKET%`) ends them with CR LF.
            var line = raw.TrimEnd('\r');
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..];
            message = line[..equals] switch
            {
                "READY" => message with { Ready = value == "1" },
                "RELOADING" => message with { Reloading = value == "1" },
                "STOPPING" => message with { Stopping = value == "1" },
                "WATCHDOG" when value == "1" => message with { Watchdog = true },
                "WATCHDOG" when value == "trigger" => message with { WatchdogTrigger = true },
                "STATUS" => message with { Status = value },
                "MAINPID" => message with { MainPid = PositiveInt(value) },
                "ERRNO" => message with { Errno = PositiveInt(value) },
                _ => message,
            };
        }

        return message;
    }

    private static int? PositiveInt(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
