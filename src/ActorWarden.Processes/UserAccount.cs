namespace ActorWarden.Processes;

/// <summary>
/// A user's account entry (passwd): what systemd's User= and <c>su -</c> put into HOME, USER, LOGNAME
/// and SHELL, so a service run as a user finds its own home and not the warden's.
/// </summary>
public sealed record UserAccount(string Name, uint Uid, uint Gid, string Home, string Shell)
{
    /// <summary>The account named <paramref name="user"/> (a name or a numeric uid), or null when the system knows none (or on Windows).</summary>
    public static UserAccount? Find(string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return OperatingSystem.IsLinux() ? Linux.PasswdEntries.Find(user) : null;
    }
}
