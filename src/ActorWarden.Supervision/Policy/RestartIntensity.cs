using ActorWarden.Config;

namespace ActorWarden.Supervision.Policy;

/// <summary>What a supervisor remembers about one child's restarts: the count in the open window and when it opened.</summary>
/// <param name="Count">Restarts counted in the current window (or over the lifetime when there is no window).</param>
/// <param name="WindowStart">Monotonic time the current window opened; null before the first restart.</param>
public sealed record RestartHistory(int Count, TimeSpan? WindowStart)
{
    /// <summary>A child that never restarted.</summary>
    public static RestartHistory None { get; } = new(0, null);
}

/// <summary>The answer to "may this child restart now?" together with the history to keep for the next failure.</summary>
public readonly record struct RestartPermission(bool Permitted, RestartHistory Next);

/// <summary>
/// Erlang's restart intensity as a pure function, counted the way Akka's <c>ChildRestartStats</c> and the
/// old kernel count it: the first restart opens a window of <see cref="IntensitySpec.Within"/>; more than
/// <see cref="IntensitySpec.MaxRestarts"/> restarts inside it are refused; a restart after the window closed
/// opens a new one. Time is whatever monotonic clock the caller passes, so virtual time counts like real time.
/// </summary>
public static class RestartIntensity
{
    /// <summary>
    /// Counts a restart at <paramref name="now"/>. MaxRestarts of 0 (or less) refuses every restart; a
    /// Within of zero, negative or infinite counts over the child's lifetime.
    /// </summary>
    public static RestartPermission Request(RestartHistory history, TimeSpan now, IntensitySpec intensity)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(intensity);
        var maxRestarts = Math.Max(0, intensity.MaxRestarts);
        if (maxRestarts == 0)
        {
            return new RestartPermission(false, history);
        }

        if (!HasWindow(intensity.Within))
        {
            var lifetimeCount = history.Count + 1;
            return new RestartPermission(lifetimeCount <= maxRestarts, history with { Count = lifetimeCount });
        }

        var windowStart = history.WindowStart ?? now;
        if (now - windowStart <= intensity.Within)
        {
            var count = history.Count + 1;
            return new RestartPermission(count <= maxRestarts, new RestartHistory(count, windowStart));
        }

        return new RestartPermission(true, new RestartHistory(1, now));
    }

    private static bool HasWindow(TimeSpan within) => within > TimeSpan.Zero && within != Timeout.InfiniteTimeSpan;
}
