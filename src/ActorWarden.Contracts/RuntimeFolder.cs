namespace ActorWarden.Contracts;

/// <summary>
/// The folder for a warden's runtime objects on Linux and macOS: the CLI's endpoint files and, for a
/// warden running as root, the services' notify sockets. /run/actorwarden as root (tmpfs, gone at
/// boot like the objects in it), else $XDG_RUNTIME_DIR/actorwarden or /tmp/actorwarden-USER.
/// </summary>
/// <remarks>
/// Mode 0711: a service running as another user must reach its own notify socket by name, and nobody
/// may list the folder. Everything in it is 0600, or a folder with the same rule. A folder writable by
/// group or others is refused (someone else could plant files in it).
/// </remarks>
public static class RuntimeFolder
{
    private const UnixFileMode Mode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>True when the warden runs as root and the folder is /run/actorwarden.</summary>
    public static bool IsSystemWide => Environment.UserName == "root" && Directory.Exists("/run");

    /// <summary>
    /// A file name for <paramref name="path"/> (a config file, a state folder), the same in every
    /// process: 16 hex digits of FNV-1a. Not a secret, and no SHA-256, whose first use loads and
    /// initialises OpenSSL, a large part of what `warden status` cost before it sent its request.
    /// </summary>
    public static string KeyOf(string path)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path)))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Creates (or checks) the folder and returns its path.</summary>
    /// <exception cref="IOException">The folder is writable by group or others.</exception>
    public static string Ensure()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var dir = IsSystemWide ? "/run/actorwarden"
            : !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "actorwarden")
            : Path.Combine(Path.GetTempPath(), "actorwarden-" + Environment.UserName);
        var info = Directory.CreateDirectory(dir, Mode);
        if ((info.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new IOException($"runtime folder {dir} is writable by others; refusing to use it");
        }

        if ((info.UnixFileMode & Mode) != Mode)
        {
            // A folder made 0700 by an earlier version: others must be able to pass through it.
            File.SetUnixFileMode(dir, info.UnixFileMode | Mode);
        }

        return dir;
    }
}
