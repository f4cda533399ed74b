using System.Runtime.InteropServices;

namespace ActorWarden.ProcessBench;

/// <summary>The few libc calls the driver needs: the monotonic clock the children record, and signals.</summary>
internal static partial class Native
{
    private const int ClockMonotonic = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Sec;
        public long Nsec;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGettime(int clock, out Timespec ts);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGINT = 2;

    /// <summary>CLOCK_MONOTONIC in nanoseconds: the same clock the C children write in their records.</summary>
    public static long MonotonicNs()
    {
        ClockGettime(ClockMonotonic, out var ts);
        return ts.Sec * 1_000_000_000L + ts.Nsec;
    }

    /// <summary>Sends a signal; false when the process does not exist (or is not ours).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;
}
