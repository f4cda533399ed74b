using System.Diagnostics;
using System.Runtime.Versioning;

namespace ActorWarden.Processes.Windows;

/// <summary>The Windows answers to <see cref="ProcessInfo"/>, through the process API (there is no /proc).</summary>
internal static class WindowsProcessInfo
{
    public static ulong? ReadStartTime(int pid) => With(pid, p => (ulong)p.StartTime.ToUniversalTime().Ticks);

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
