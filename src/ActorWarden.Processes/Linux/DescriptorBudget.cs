namespace ActorWarden.Processes.Linux;

/// <summary>
/// Keeps file descriptors free for the warden itself. A farm that grows to the RLIMIT_NOFILE limit
/// leaves the warden unable to open anything: the next HTTP request made the runtime load an assembly,
/// which failed with EMFILE and aborted the process, and every child it had started ran on without
/// a supervisor. So a spawn is refused while fewer than <see cref="Reserve"/> descriptors are free:
/// the instance fails to start (spawnerr, backoff, Fatal, as with any other start error), and the
/// warden keeps answering, stopping and reaping.
/// </summary>
/// <remarks>
/// The count is the size the kernel reports for /proc/self/fd (Linux 6.2 and later; one statx, no
/// walk of the table); older kernels report 0 and the budget then lets every spawn through.
/// </remarks>
internal static unsafe class DescriptorBudget
{
    /// <summary>The descriptors one spawn opens at most (two pipes, a pidfd, a notify socket).</summary>
    private const int PerSpawn = 8;

    /// <summary>Descriptors kept free: a sixteenth of the limit, at least 64 and at most 1,024.</summary>
    public static long Reserve(long limit) => Math.Clamp(limit / 16, 64, 1024);

    /// <summary>
    /// Spawns allowed before the next count: half of what the free descriptors above the reserve would
    /// take at <see cref="PerSpawn"/> each, so the other half is left for whatever else the warden opens
    /// meanwhile. Counting costs a statx and a getrlimit, which every restart paid while the table was
    /// nowhere near full; near the limit the credit is zero and every spawn counts again.
    /// </summary>
    private static long _credit;

    /// <summary>Throws <see cref="ProcessStartException"/> when a spawn would eat into the warden's reserve.</summary>
    public static void Check(ProcessStartSpec spec)
    {
        if (Interlocked.Decrement(ref _credit) >= 0)
        {
            return;
        }

        if (OpenDescriptors() is not { } open || Limit() is not { } limit)
        {
            return;
        }

        var free = Free(open, limit, PerSpawn);
        if (free < 0)
        {
            throw new ProcessStartException(
                spec.FileName,
                $"too many open files: the warden holds {open} of its {limit} descriptors and keeps {Reserve(limit)} free for itself (raise LimitNOFILE or ulimit -n)",
                LibC.EMFILE);
        }

        Volatile.Write(ref _credit, free / PerSpawn / 2);
    }

    /// <summary>
    /// Whether <paramref name="descriptors"/> more leave the reserve untouched, for what the warden may do
    /// without (a splice relay); counted every time, as such asks are rare.
    /// </summary>
    public static bool HasSpare(int descriptors) =>
        OpenDescriptors() is not { } open || Limit() is not { } limit || Free(open, limit, descriptors) >= 0;

    private static int _kept;

    /// <summary>
    /// Whether one more descriptor may be held open only to spare later opens (<see cref="KeptOpenFile"/>):
    /// while fewer than a quarter of the limit are kept so, and the reserve stays untouched. A farm near
    /// its limit then reads its files by path again, instead of losing spawns, or the warden's own
    /// reserve, to the saving. A true answer is given back with <see cref="Unkeep"/> when the file closes.
    /// </summary>
    public static bool TryKeep()
    {
        var kept = Interlocked.Increment(ref _kept);
        if (Limit() is { } limit && !MayKeep(kept, limit, OpenDescriptors()))
        {
            Interlocked.Decrement(ref _kept);
            return false;
        }

        return true;
    }

    /// <summary>Whether the <paramref name="kept"/>th kept descriptor fits: a quarter of the limit at most, and a spawn's worth above the reserve once it is open.</summary>
    internal static bool MayKeep(long kept, long limit, long? open) =>
        kept <= limit / 4 && (open is not { } count || Free(count, limit, PerSpawn) >= 0);

    /// <summary>A kept descriptor was closed.</summary>
    public static void Unkeep() => Interlocked.Decrement(ref _kept);

    /// <summary>The descriptors left above the reserve once <paramref name="needed"/> more are open; negative when they would eat into it.</summary>
    internal static long Free(long open, long limit, int needed) => limit - Reserve(limit) - open - needed;

    /// <summary>How many descriptors the warden has open, or null when the kernel does not say.</summary>
    public static long? OpenDescriptors()
    {
        byte* buffer = stackalloc byte[LibC.StatxBytes];
        if (LibC.Statx(LibC.AT_FDCWD, "/proc/self/fd", 0, LibC.STATX_SIZE, buffer) != 0)
        {
            return null;
        }

        var size = *(long*)(buffer + LibC.StatxSizeOffset);
        return size > 0 ? size : null;
    }

    /// <summary>The soft RLIMIT_NOFILE, or null when unlimited or unreadable.</summary>
    private static long? Limit()
    {
        LibC.RLimit limit;
        if (LibC.GetRLimit(LibC.RLIMIT_NOFILE, &limit) != 0 || limit.Current is 0 or > long.MaxValue)
        {
            return null;
        }

        return (long)limit.Current;
    }
}
