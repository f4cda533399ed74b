namespace ActorWarden.Host.Platform;

/// <summary>
/// Chooses the lifetime: an explicit choice wins, then the SCM (flag or detection, Windows only),
/// then systemd (<c>NOTIFY_SOCKET</c> set), else the console. Order matters: a service started by the
/// SCM has no NOTIFY_SOCKET, and a systemd unit never runs on Windows.
/// </summary>
public static class HostKindDetector
{
    public static HostKind Detect(IHostPlatform platform, WardenHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kind is { } forced)
        {
            return forced;
        }

        if (platform.IsWindows && (options.RunAsWindowsService || platform.IsStartedByServiceControlManager()))
        {
            return HostKind.WindowsService;
        }

        if (!platform.IsWindows && !string.IsNullOrEmpty(platform.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            return HostKind.Systemd;
        }

        return HostKind.Console;
    }
}
