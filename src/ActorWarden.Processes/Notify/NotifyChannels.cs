using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Windows;

namespace ActorWarden.Processes.Notify;

/// <summary>Picks the notify transport of the OS the warden runs on.</summary>
public static class NotifyChannels
{
    /// <summary>The channels of one warden, with their sockets in <paramref name="directory"/> (created 0700 when missing).</summary>
    /// <exception cref="PlatformNotSupportedException">The OS is neither Linux nor Windows.</exception>
    public static INotifyChannels ForCurrentOs(string directory)
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxNotifyChannels(directory);
        }

        if (OperatingSystem.IsWindows())
        {
            return new WindowsNotifyChannels(directory);
        }

        throw new PlatformNotSupportedException("notify sockets exist on Linux and Windows only.");
    }
}
