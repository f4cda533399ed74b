using ActorWarden.Config;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Health;

/// <summary>
/// The health check of <c>type = heartbeat</c> (and <c>watchdog = 15s</c>): nothing is probed, the
/// service sends WATCHDOG=1 on its notify socket and the check fails after
/// <see cref="HealthSpec.Failures"/> × <see cref="HealthSpec.Interval"/> of silence, as systemd's
/// WatchdogSec= does. Contract with the parent as <see cref="HealthCheckActor"/>'s, except the last
/// notice: the first heartbeat is told as <see cref="HealthChanged"/> (Healthy), and the failure is
/// only a thrown <see cref="HealthCheckFailedException"/>, which the ProcessActor reports as the
/// <c>health</c> event and escalates to the supervisor.
/// </summary>
/// <remarks>
/// A heartbeat only records the scheduler's monotonic time; it does not restart a timer. One timer
/// runs to the earliest moment the silence could reach the limit and, when it fires, either fails the
/// check or re-arms to the deadline of the last heartbeat. A service beating every second under a
/// 15-second limit thus costs one timer every 15 s plus one message per beat, which is what lets a
/// thousand instances beat every second for under 2 % of a core (benchmarks/README.md). Before the
/// first heartbeat the limit counts from the spawn plus <see cref="HealthSpec.StartPeriod"/>.
/// </remarks>
public sealed class HeartbeatCheckActor : ReceiveActor, IWithTimers
{
    private const string DeadlineTimer = "deadline";

    private readonly HealthSpec _spec;
    private readonly string _instance;
    private readonly TimeSpan _limit;
    private TimeSpan _armedAt;
    private TimeSpan? _lastBeat;
    private HealthState _state = HealthState.Starting;

    private HeartbeatCheckActor(HealthSpec spec, string instanceName)
    {
        _spec = spec;
        _instance = instanceName;
        _limit = spec.Interval * spec.Failures;
        Receive<Heartbeat>(_ => OnHeartbeat());
        Receive<HeartbeatDeadline>(_ => OnDeadline());
        Receive<HeartbeatTriggered>(_ => Fail("the service sent WATCHDOG=trigger"));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the heartbeat check of <paramref name="instanceName"/>.</summary>
    /// <exception cref="ArgumentException">Interval or failures out of range.</exception>
    public static Props Props(HealthSpec spec, string instanceName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(instanceName);
        if (spec.Interval <= TimeSpan.Zero || spec.Failures < 1 || spec.StartPeriod < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"heartbeat check of '{instanceName}': interval ({spec.Interval}) must be positive, failures ({spec.Failures}) at least 1 and start-period ({spec.StartPeriod}) not negative.",
                nameof(spec));
        }

        return ActorProps.Of(() => new HeartbeatCheckActor(spec, instanceName));
    }

    /// <summary>The limit of silence, failures × interval: what the child finds in $WATCHDOG_USEC.</summary>
    public static TimeSpan Limit(HealthSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Interval * spec.Failures;
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        _armedAt = Context.System.Scheduler.Monotonic;
        Timers.StartSingleTimer(DeadlineTimer, HeartbeatDeadline.Instance, _spec.StartPeriod + _limit);
    }

    private TimeSpan Deadline => _lastBeat is { } beat ? beat + _limit : _armedAt + _spec.StartPeriod + _limit;

    private void OnHeartbeat()
    {
        _lastBeat = Context.System.Scheduler.Monotonic;
        ChangeTo(HealthState.Healthy, "WATCHDOG=1 received");
    }

    private void OnDeadline()
    {
        var now = Context.System.Scheduler.Monotonic;
        var deadline = Deadline;
        if (now < deadline)
        {
            Timers.StartSingleTimer(DeadlineTimer, HeartbeatDeadline.Instance, deadline - now);
            return;
        }

        Fail(_lastBeat is null
            ? $"no WATCHDOG=1 within {HealthDurations.Format(_spec.StartPeriod + _limit)} of the start (start-period {HealthDurations.Format(_spec.StartPeriod)} + {_spec.Failures} x {HealthDurations.Format(_spec.Interval)})"
            : $"no WATCHDOG=1 for {HealthDurations.Format(_limit)} ({_spec.Failures} x {HealthDurations.Format(_spec.Interval)})");
    }

    /// <summary>
    /// Fails the check. Unlike <see cref="HealthCheckActor"/> it tells no Unhealthy notice: the parent
    /// reports the failure from its supervisor strategy, which sees the exception first, so the
    /// <c>health</c> event is written exactly once.
    /// </summary>
    private void Fail(string detail)
    {
        Timers.CancelAll();
        _state = HealthState.Unhealthy;
        throw new HealthCheckFailedException(_instance, detail);
    }

    private void ChangeTo(HealthState state, string detail)
    {
        if (state == _state)
        {
            return;
        }

        _state = state;
        Context.Parent.Tell(new HealthChanged(_instance, state, detail), Self);
    }
}
