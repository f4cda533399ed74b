using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Windows;

namespace ActorWarden.Processes;

/// <summary>
/// Read-only facts about processes that the supervisor needs for identity (start time beats pid
/// reuse), resource limits and health metrics. On Linux everything comes from /proc; on Windows the
/// subset that has a meaning there is answered through the process API.
/// </summary>
public static class ProcessInfo
{
    /// <summary>The environment variable whose value marks every process of one service instance's tree.</summary>
    public const string TreeMarkerVariable = "ACTORWARDEN_TREE";

    /// <summary>The kernel start time of <paramref name="pid"/> (clock ticks since boot on Linux), or null when it does not exist.</summary>
    public static ulong? ReadStartTime(int pid) =>
        OperatingSystem.IsWindows() ? WindowsProcessInfo.ReadStartTime(pid) : ProcFs.ReadStartTime(pid);

    /// <summary>True when <paramref name="pid"/> exists and is still the process that started at <paramref name="startTime"/>.</summary>
    public static bool Exists(int pid, ulong startTime) => ReadStartTime(pid) == startTime;

    /// <summary>Resident memory of one process in bytes, or null when it does not exist.</summary>
    public static long? ReadRss(int pid) =>
        OperatingSystem.IsWindows() ? WindowsProcessInfo.ReadRss(pid) : ProcFs.ReadRss(pid);

    /// <summary>Resident memory of a process and all its descendants in bytes, or null when it does not exist.</summary>
    public static long? ReadTreeRss(int pid)
    {
        var own = ReadRss(pid);
        if (own is null)
        {
            return null;
        }

        var total = own.Value;
        foreach (var descendant in ListDescendants(pid))
        {
            total += ReadRss(descendant) ?? 0;
        }

        return total;
    }

    /// <summary>All living descendants of <paramref name="pid"/> (children, grandchildren...), by parent pid.</summary>
    public static IReadOnlyList<int> ListDescendants(int pid) =>
        OperatingSystem.IsWindows() ? WindowsProcessInfo.ListDescendants(pid) : ProcFs.ListDescendants(pid);

    /// <summary>
    /// Processes whose environment carries <see cref="TreeMarkerVariable"/>=<paramref name="marker"/>:
    /// the members of one service's tree, including daemons that left its session. Linux only (empty elsewhere).
    /// </summary>
    public static IReadOnlyList<int> FindByMarker(string marker) =>
        OperatingSystem.IsLinux() ? ProcFs.FindByMarker(marker) : [];

    /// <summary>True when <paramref name="pid"/> has exited but not been reaped (Linux; always false elsewhere).</summary>
    public static bool IsZombie(int pid) => OperatingSystem.IsLinux() && ProcFs.IsZombie(pid);

    /// <summary>The number of file descriptors (handles on Windows) open in the warden itself.</summary>
    public static int CountOpenFds()
    {
        if (!OperatingSystem.IsWindows())
        {
            return ProcFs.CountOpenFds();
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.HandleCount;
    }

    /// <summary>The number of OS threads of the warden itself.</summary>
    public static int CountThreads()
    {
        if (!OperatingSystem.IsWindows())
        {
            return ProcFs.CountThreads();
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.Threads.Count;
    }
}
