using ActorWarden.Config;

namespace ActorWarden.Cli;

/// <summary>
/// One warden per config: an exclusive lock file next to the state file, taken before any child is
/// started, so a second `warden run` on the same config fails at once instead of starting duplicates.
/// The OS drops the lock when the process dies, even by SIGKILL, so a crash never leaves it stale.
/// </summary>
public static class WardenInstanceLock
{
    public static string PathFor(WardenSettings settings) => settings.StateFile + ".lock";

    public static IDisposable? TryAcquire(WardenSettings settings)
    {
        var path = PathFor(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var stream = new FileStream(path, options);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId + "\n");
            stream.Write(pid);
            stream.Flush();
            return stream;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
