namespace ActorWarden.Processes.Linux;

/// <summary>
/// The boot-time clock read just before and just after a spawn. The kernel stamps a new process with
/// that clock while it is being created, and /proc/PID/stat shows the stamp in whole clock ticks
/// (1/100 s), so when both readings fall in the same tick, that tick is the child's start time: no
/// open, two reads and a close of /proc/PID/stat at each start. Both sides see the same time namespace,
/// so its offset cancels out.
/// </summary>
internal readonly record struct SpawnWindow(long BeforeNanoseconds, long AfterNanoseconds)
{
    /// <summary>The length of a /proc clock tick in nanoseconds (10 ms at the usual USER_HZ of 100); 0 when the conversion is not exact.</summary>
    internal static readonly long NanosecondsPerTick = TickLength();

    /// <summary>Reads the clock before a spawn.</summary>
    public static SpawnWindow Open() => new(Now(), 0);

    /// <summary>Reads the clock after the spawn returned.</summary>
    public SpawnWindow Close() => this with { AfterNanoseconds = Now() };

    /// <summary>The child's start time in clock ticks, or null when the spawn straddled a tick (then /proc must say).</summary>
    public ulong? StartTime
    {
        get
        {
            if (NanosecondsPerTick <= 0 || BeforeNanoseconds <= 0 || AfterNanoseconds < BeforeNanoseconds)
            {
                return null;
            }

            var first = BeforeNanoseconds / NanosecondsPerTick;
            return first == AfterNanoseconds / NanosecondsPerTick ? (ulong)first : null;
        }
    }

    private static unsafe long Now()
    {
        LibC.Timespec time;
        return LibC.ClockGettime(LibC.CLOCK_BOOTTIME, &time) == 0 ? (time.Seconds * 1_000_000_000L) + time.Nanoseconds : 0;
    }

    /// <summary>The kernel converts with nanoseconds / (10^9 / USER_HZ) only when USER_HZ divides 10^9; otherwise this is off (0).</summary>
    private static long TickLength()
    {
        var hertz = LibC.Sysconf(LibC._SC_CLK_TCK);
        return hertz > 0 && 1_000_000_000L % hertz == 0 ? 1_000_000_000L / hertz : 0;
    }
}
