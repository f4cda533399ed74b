using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using Serilog;

namespace ActorWarden.Host.Decisions;

/// <summary>
/// An observer of the warden's events that writes every supervision decision as one line of the
/// warden's own Serilog log — the console, journald with its priority, the service log file and, under
/// the SCM, the Windows Event Log — so an operator who reads only that log sees every spawn, exit,
/// backoff and Fatal, as with supervisord. Floods are summarised per kind and subject by a
/// <see cref="FloodLimiter"/> on the events' own timestamps; a timer on the injected clock writes the
/// summary of a flood that simply stopped. Actors publish from many threads, so one short lock orders
/// the limiter, the health memory and the write; this edge observer owns no supervision state.
/// </summary>
public sealed class DecisionLog : IEventPublisher, IDisposable
{
    /// <summary>Serilog property naming the <see cref="DecisionKind"/> of a line (the Windows event ID comes from it).</summary>
    public const string KindProperty = "DecisionKind";

    private readonly ILogger _logger;
    private readonly Func<string?, int, bool> _isSuccessExit;
    private readonly FloodLimiter _limiter;
    private readonly TimeProvider? _clock;
    private readonly ITimer? _timer;
    private readonly Dictionary<string, HealthState> _health = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <param name="logger">The warden's own logger (the host's: console, journald or service file).</param>
    /// <param name="isSuccessExit">Service and exit code → in the service's success-exit-codes; default: 0 only.</param>
    /// <param name="limit">Flood limit; default <see cref="FloodLimit.Default"/>.</param>
    /// <param name="clock">Drives the timer that reports floods that stopped; null: only later events and warden-stopped report them.</param>
    public DecisionLog(ILogger logger, Func<string?, int, bool>? isSuccessExit = null, FloodLimit? limit = null, TimeProvider? clock = null)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _isSuccessExit = isSuccessExit ?? DecisionContext.Default.IsSuccessExit;
        var effective = limit ?? FloodLimit.Default;
        _limiter = new FloodLimiter(effective);
        _clock = clock;
        _timer = clock?.CreateTimer(_ => Expire(), null, effective.Window, effective.Window);
    }

    /// <inheritdoc />
    public void Publish(WardenEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        lock (_gate)
        {
            // The last event of a run: nothing counted may be left unreported, and the counts read better before it.
            WriteAll(@event.Payload is WardenStoppedEvent ? _limiter.ExpireAll() : _limiter.Expire(@event.Ts));
            var previousHealth = @event.Instance is { } instance && _health.TryGetValue(instance, out var health) ? health : (HealthState?)null;
            if (@event.Payload is HealthEvent verdict && @event.Instance is { } healthOf)
            {
                _health[healthOf] = verdict.State;
            }

            if (DecisionLines.Describe(@event, new DecisionContext(_isSuccessExit, previousHealth)) is { } line
                && _logger.IsEnabled(line.Level))
            {
                if (_limiter.Admit(line, @event.Ts, out var closed))
                {
                    WriteAll(closed is null ? [] : [closed]);
                    Write(line);
                }
            }
        }
    }

    /// <summary>Stops the timer and writes what the limiter still holds.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            WriteAll(_limiter.ExpireAll());
        }
    }

    private void Expire()
    {
        lock (_gate)
        {
            WriteAll(_limiter.Expire(_clock!.GetUtcNow()));
        }
    }

    private void WriteAll(IEnumerable<FloodSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            Write(summary.ToLine());
        }
    }

    private void Write(DecisionLine line) =>
        _logger.ForContext(KindProperty, line.Kind).Write(line.Level, "{Decision:l}", line.Text);
}
