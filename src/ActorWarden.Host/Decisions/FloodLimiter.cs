using Serilog.Events;

namespace ActorWarden.Host.Decisions;

/// <summary>
/// Rate-limits lines per (kind, subject) in fixed windows that open at the first line: the first
/// <see cref="FloodLimit.Burst"/> lines of a window pass, the rest are counted, and the count comes
/// out as a <see cref="FloodSummary"/> once the window has passed — when the next line of that key
/// arrives, or when <see cref="Expire"/> is called with a later time. A flood is thus never silent.
/// Time is whatever the caller passes (event timestamps, an injected clock), never the wall clock.
/// Not thread-safe: its owner serialises calls.
/// </summary>
public sealed class FloodLimiter
{
    private readonly FloodLimit _limit;
    private readonly Dictionary<(DecisionKind Kind, string Subject), Window> _windows = new();

    /// <summary>
    /// Open windows by the order they opened, which is the order they end (they all last one window
    /// length): closing looks at the front only, not at every open window. Expire runs for every event,
    /// and a farm of a thousand crashing instances holds thousands of windows.
    /// </summary>
    private readonly Queue<((DecisionKind Kind, string Subject) Key, Window Window)> _byEnd = new();

    public FloodLimiter(FloodLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.Burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit.Window, TimeSpan.Zero);
        _limit = limit;
    }

    /// <summary>Number of windows currently open (bounded by kinds × subjects; expired ones are dropped by <see cref="Expire"/>).</summary>
    public int OpenWindows => _windows.Count;

    /// <summary>
    /// True when <paramref name="line"/> may be written now. <paramref name="closed"/> is the summary of
    /// the same key's previous window when this line opened a new one after a flood; write it first.
    /// </summary>
    public bool Admit(DecisionLine line, DateTimeOffset at, out FloodSummary? closed)
    {
        ArgumentNullException.ThrowIfNull(line);
        closed = null;
        var key = (line.Kind, line.Subject);
        if (_windows.TryGetValue(key, out var window) && at >= window.Ends)
        {
            closed = window.Summary(key.Kind, key.Subject, _limit.Window);
            window = null;
        }

        if (window is null)
        {
            window = new Window(at + _limit.Window) { Written = 1 };
            _windows[key] = window;
            _byEnd.Enqueue((key, window));
            return true;
        }

        if (window.Written < _limit.Burst)
        {
            window.Written++;
            return true;
        }

        window.Suppressed++;
        if (line.Level > window.Loudest)
        {
            window.Loudest = line.Level;
        }

        return false;
    }

    /// <summary>Closes every window that ended at or before <paramref name="now"/>; returns the summaries of those that held lines back.</summary>
    public IReadOnlyList<FloodSummary> Expire(DateTimeOffset now) => Close(now);

    /// <summary>Closes every window (the warden stopped): nothing counted is left unreported.</summary>
    public IReadOnlyList<FloodSummary> ExpireAll() => Close(DateTimeOffset.MaxValue);

    /// <summary>
    /// Closes the windows ended by <paramref name="now"/>, from the front of the queue; a queued window that
    /// a later line of its key already closed (and replaced) is skipped. Allocates nothing when none has
    /// ended (it runs for every event). Lines are admitted in time order, so the queue is in end order; a
    /// window stuck behind a later-ending one (a line timestamped out of order) closes with it.
    /// </summary>
    private IReadOnlyList<FloodSummary> Close(DateTimeOffset now)
    {
        List<FloodSummary>? summaries = null;
        while (_byEnd.TryPeek(out var front) && front.Window.Ends <= now)
        {
            _byEnd.Dequeue();
            if (!_windows.TryGetValue(front.Key, out var open) || !ReferenceEquals(open, front.Window))
            {
                continue;
            }

            _windows.Remove(front.Key);
            if (open.Summary(front.Key.Kind, front.Key.Subject, _limit.Window) is { } summary)
            {
                (summaries ??= []).Add(summary);
            }
        }

        return summaries ?? (IReadOnlyList<FloodSummary>)[];
    }

    private sealed class Window(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; } = ends;

        public int Written { get; set; }

        public long Suppressed { get; set; }

        public LogEventLevel Loudest { get; set; } = LogEventLevel.Verbose;

        public FloodSummary? Summary(DecisionKind kind, string subject, TimeSpan length) =>
            Suppressed > 0 ? new FloodSummary(kind, subject, Loudest, Suppressed, length) : null;
    }
}
