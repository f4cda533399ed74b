using ActorWarden.Config;
using ActorWarden.Contracts;
using ActorWarden.Processes;
using ActorWarden.Processes.Notify;

namespace ActorWarden.Supervision.Notify;

/// <summary>Where a warden's notify sockets live (see <see cref="DirectoryFor"/>).</summary>
public static class NotifySetup
{
    /// <summary>
    /// The OS channels for <paramref name="settings"/>, or null on virtual time (simulated processes
    /// have no sockets). Created even when no service uses the protocol yet, since a reload may add one;
    /// nothing touches the disk until an instance opens its socket.
    /// </summary>
    public static INotifyChannels? ChannelsFor(WardenSettings settings, bool virtualTime)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (virtualTime)
        {
            return null;
        }

        return NotifyChannels.ForCurrentOs(DirectoryFor(settings));
    }

    /// <summary>
    /// The socket folder. A warden running as root on Linux keeps it in the runtime folder,
    /// <c>/run/actorwarden/notify/&lt;hash of the state folder&gt;</c>: it runs services as other users,
    /// who must reach their sockets, and its state folder (token, state file) is 0700. Otherwise
    /// <c>notify</c> beside the state file (or <c>state/notify</c> under the base directory when the
    /// state file is off); on Windows the folder only seeds the pipe names.
    /// </summary>
    public static string DirectoryFor(WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stateDirectory = string.IsNullOrEmpty(settings.StateFile)
            ? Path.Combine(settings.BaseDirectory, "state")
            : Path.GetDirectoryName(settings.StateFile) ?? settings.BaseDirectory;
        if (OperatingSystem.IsLinux() && RuntimeFolder.IsSystemWide)
        {
            return Path.Combine(RuntimeFolder.Ensure(), "notify", RuntimeFolder.KeyOf(stateDirectory));
        }

        return Path.Combine(stateDirectory, "notify");
    }
}
