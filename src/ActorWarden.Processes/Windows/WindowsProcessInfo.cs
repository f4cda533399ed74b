using System.Diagnostics;
using System.Runtime.Versioning;

namespace ActorWarden.Processes.Windows;

/// <summary>The Windows answers to <see cref="ProcessInfo"/>, through the process API (there is no /proc).</summary>
internal static class WindowsProcessInfo
{
    /// <summary>The creation FILETIME, the same value <see cref="Win32ProcessApi.GetStartTime"/> gives for adopted processes.</summary>
    [SupportedOSPlatform("windows")]
    public static ulong? ReadStartTime(int pid)
    {
        var process = Win32Native.OpenProcess(Win32Native.PROCESS_QUERY_LIMITED_INFORMATION, false, (uint)pid);
        if (process == 0)
        {
            return null;
        }

        try
        {
            // A handle can outlive the process; an exited process does not "exist" for the supervisor.
            const uint stillActive = 259;
            return Win32Native.GetExitCodeProcess(process, out var code) && code == stillActive
                && Win32Native.GetProcessTimes(process, out var creation, out _, out _, out _)
                ? (ulong)creation
                : null;
        }
        finally
        {
            Win32Native.CloseHandle(process);
        }
    }

    public static long? ReadRss(int pid) => With(pid, p => p.WorkingSet64);

    [SupportedOSPlatform("windows")]
    public static IReadOnlyList<int> ListDescendants(int pid) => Win32ProcessSnapshot.Descendants(pid);

    private static T? With<T>(int pid, Func<Process, T> read)
        where T : struct
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return read(process);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
