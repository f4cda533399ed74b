using System.Runtime.InteropServices;

namespace ActorWarden.Functional.Tests.Infrastructure;

/// <summary>Signals and /proc scans the tests need to check and clean up real processes.</summary>
public static partial class Native
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    public static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Pids of live processes (other than this test process) running in <paramref name="directory"/>: each test's children run in its own temp folder.</summary>
    public static IReadOnlyList<int> FindByWorkingDirectory(string directory)
    {
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cwd = new FileInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == directory || cwd.StartsWith(directory + "/", StringComparison.Ordinal)) && !IsZombie(pid))
                {
                    result.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
            {
            }
        }

        return result;
    }

    /// <summary>Last-resort cleanup: SIGKILL anything still running in a test folder.</summary>
    public static void KillLeftovers(string directory)
    {
        foreach (var pid in FindByWorkingDirectory(directory))
        {
            Kill(pid, 9);
        }
    }
}
