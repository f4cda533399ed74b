using System.Globalization;
using ActorWarden.Host.Platform;

namespace ActorWarden.Host.Systemd;

/// <summary>
/// The watchdog systemd armed for us (<c>WATCHDOG_USEC</c>), honoured only when <c>WATCHDOG_PID</c>
/// is unset or names this process, as sd_watchdog_enabled does. Pings go out at half the timeout.
/// </summary>
public sealed record WatchdogSettings(TimeSpan Timeout)
{
    public TimeSpan Interval => Timeout / 2;

    /// <summary>How long one liveness ping of the root guardian may take before the tick counts as missed.</summary>
    public TimeSpan PingTimeout => Timeout / 4;

    public static WatchdogSettings? FromEnvironment(IHostPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var usecText = platform.GetEnvironmentVariable("WATCHDOG_USEC");
        if (string.IsNullOrEmpty(usecText)
            || !ulong.TryParse(usecText, NumberStyles.None, CultureInfo.InvariantCulture, out var usec)
            || usec == 0)
        {
            return null;
        }

        var pidText = platform.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pidText)
            && (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != platform.ProcessId))
        {
            return null;
        }

        return new WatchdogSettings(TimeSpan.FromMicroseconds(usec));
    }
}
