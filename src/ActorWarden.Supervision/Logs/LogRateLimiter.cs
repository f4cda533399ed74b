namespace ActorWarden.Supervision.Logs;

/// <summary>
/// journald's RateLimitIntervalSec / RateLimitBurst for one stream: at most <c>burst</c> lines per
/// <c>interval</c>, counted in windows that start with the first line after the previous one ended.
/// Pure: the caller passes the scheduler's monotonic time.
/// </summary>
internal sealed class LogRateLimiter
{
    private readonly long _burst;
    private readonly TimeSpan _interval;
    private TimeSpan _windowStart;
    private long _used;
    private bool _started;

    public LogRateLimiter(int burst, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _burst = burst;
        _interval = interval;
    }

    /// <summary>How many of <paramref name="lines"/> arriving at <paramref name="now"/> may pass; the rest are dropped.</summary>
    public long Admit(long lines, TimeSpan now)
    {
        if (!_started || now - _windowStart >= _interval)
        {
            _started = true;
            _windowStart = now;
            _used = 0;
        }

        var admitted = Math.Min(lines, _burst - _used);
        _used += admitted;
        return admitted;
    }
}
