using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorWarden.Actors.Tests.Support;

/// <summary>
/// CPU time consumed by the calling thread. Deterministic runs execute entirely on the calling thread, so
/// this measures the kernel's cost without counting time the thread spent waiting for a core on a busy machine.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True where thread CPU time is available (Linux); elsewhere <see cref="Now"/> falls back to wall time.</summary>
    public static bool IsThreadCpuTime => OperatingSystem.IsLinux();

    public static TimeSpan Now()
    {
        if (IsThreadCpuTime && clock_gettime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
        }

        return Stopwatch.GetElapsedTime(0);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
