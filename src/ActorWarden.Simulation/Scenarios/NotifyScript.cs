namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// What a simulated process says on its notify socket: when it sends READY=1, how often WATCHDOG=1, and
/// the windows of virtual time in which its heartbeats stop (a hung loop). Unset settings take the
/// service's, then the defaults of a healthy daemon: READY=1 at once, WATCHDOG=1 at half of
/// $WATCHDOG_USEC (what sd_watchdog_enabled clients do).
/// </summary>
public sealed record NotifyScript
{
    /// <summary>The <see cref="ReadyAfter"/> of a process that never sends READY=1.</summary>
    public static readonly TimeSpan ReadyNever = TimeSpan.MaxValue;

    /// <summary>Delay from the process's start to its READY=1; <see cref="ReadyNever"/> = never.</summary>
    public TimeSpan? ReadyAfter { get; init; }

    /// <summary>Interval between heartbeats.</summary>
    public TimeSpan? WatchdogEvery { get; init; }

    /// <summary>Windows of virtual time in which no heartbeat is sent.</summary>
    public IReadOnlyList<TimeWindow>? WatchdogStops { get; init; }

    /// <summary>This script with every unset setting taken from <paramref name="fallback"/>.</summary>
    public NotifyScript Over(NotifyScript fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new NotifyScript
        {
            ReadyAfter = ReadyAfter ?? fallback.ReadyAfter,
            WatchdogEvery = WatchdogEvery ?? fallback.WatchdogEvery,
            WatchdogStops = WatchdogStops ?? fallback.WatchdogStops,
        };
    }
}
