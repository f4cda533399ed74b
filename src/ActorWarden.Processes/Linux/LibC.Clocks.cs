using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>The clocks: the boot clock and clock-tick rate that /proc's process start times are counted in, and a thread's own CPU clock.</summary>
internal static unsafe partial class LibC
{
    public const int CLOCK_THREAD_CPUTIME_ID = 3;
    public const int CLOCK_BOOTTIME = 7;
    public const int _SC_CLK_TCK = 2;

    [LibraryImport(Lib, EntryPoint = "clock_gettime")]
    public static partial int ClockGettime(int clock, Timespec* time);

    [LibraryImport(Lib, EntryPoint = "sysconf")]
    public static partial long Sysconf(int name);
}
