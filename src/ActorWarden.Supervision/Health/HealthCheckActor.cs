using ActorWarden.Config;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Health;

/// <summary>
/// Runs one instance's health probe on the actor system's scheduler (timers) and turns results into a state machine
/// (<see cref="HealthState"/>). It is a child of the instance's ProcessActor, created at the first spawn
/// that has a check: when the process ends the parent tells it <see cref="PauseCheck"/>, and at the next
/// spawn <see cref="CheckProcess"/>, which starts the check over for the new process. A restart then costs
/// two messages instead of creating and stopping an actor (a crash loop with a check, a day of
/// <c>warden simulate</c>). The parent stops it when the check fails, when it stops the instance, and when
/// a reload changes the check.
/// </summary>
/// <remarks>
/// <para>Contract with the parent:</para>
/// <list type="bullet">
/// <item>Every change of state is told to the parent as <see cref="HealthChanged"/> (never a repeat).</item>
/// <item>When consecutive failures, counted only after <see cref="HealthSpec.StartPeriod"/>, reach
/// <see cref="HealthSpec.Failures"/>, the actor tells <see cref="HealthState.Unhealthy"/> and then THROWS
/// <see cref="HealthCheckFailedException"/>. The failure thereby travels the supervision tree like a
/// crash: the ProcessActor's strategy escalates it and the ServiceSupervisor's decider picks the
/// directive (restart by default), so health failures and exits share one restart intensity.</item>
/// <item>The Unhealthy notice is an ordinary message, the failure a system message that Akka
/// handles first: the parent sees the failure before the notice, and a parent that is
/// restarted or stopped by the escalation may get the notice in its next incarnation or not at all.
/// Treat the exception as authoritative and ignore <see cref="HealthChanged"/> whose sender is not the
/// current health child.</item>
/// </list>
/// <para>Timing comes only from <c>Context.System.Scheduler</c> (probes every interval, the timeout,
/// the start period), so <c>warden simulate</c> and tests run it on virtual time. One probe is in
/// flight at a time; its result is piped back to the mailbox as a message, so network I/O never
/// blocks the actor. A probe that has already answered when it returns (the scripted probes of
/// <c>warden simulate</c>, whose days of checks are millions of probes) is recorded at once, without a
/// timeout timer, a token source or a message: nothing could have come between. A probe that overruns the timeout counts as a failure at once and is cancelled (an
/// exec check is killed); no new probe starts until it has actually ended, and each interval it still
/// occupies the slot counts as another failure, so even a wedged probe fails the instance.</para>
/// </remarks>
public sealed class HealthCheckActor : UntypedActor, IWithTimers
{
    private readonly HealthSpec _spec;
    private readonly Events.SecretMask _mask;
    private readonly CurrentRun _run;
    private readonly string _instance;
    private TimeSpan _startedAt;
    private const string TickTimer = "tick";
    private const string TimeoutTimer = "timeout";

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;
    private CancellationTokenSource? _inFlight;
    private CancellationTokenSource? _spareCancellation;
    private long _sequence;
    private bool _inFlightTimedOut;
    private int _consecutiveFailures;
    private HealthState _state = HealthState.Starting;

    private HealthCheckActor(HealthSpec spec, CurrentRun run, string instanceName)
    {
        _spec = spec;
        _mask = new Events.SecretMask(spec.Secrets);
        _run = run;
        _instance = instanceName;
    }

    /// <summary>A switch, not ReceiveActor's handlers: a simulated day of 100 checked services is 1.7 M probes.</summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ProbeDue:
                StartProbe();
                break;
            case ProbeCompleted completed:
                OnCompleted(completed);
                break;
            case ProbeTimedOut timedOut:
                OnTimedOut(timedOut);
                break;
            case PauseCheck:
                Pause();
                break;
            case CheckProcess check:
                OnCheckProcess(check);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the check of <paramref name="instanceName"/>.</summary>
    /// <param name="spec">The check, with ${VARS} already expanded by the caller.</param>
    /// <param name="probe">The probe (<see cref="HealthProbeFactory.Create"/>, or a scripted one in tests and simulate).</param>
    /// <param name="instanceName">Instance name used in <see cref="HealthChanged"/> and the exception.</param>
    /// <param name="run">The first process's number, stamped on its <see cref="HealthChanged"/> notices.</param>
    /// <exception cref="ArgumentException">Interval, timeout, failures or start period are out of range.</exception>
    public static Props Props(HealthSpec spec, IHealthProbe probe, string instanceName, long run = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentException.ThrowIfNullOrEmpty(instanceName);
        if (spec.Interval <= TimeSpan.Zero || spec.Timeout <= TimeSpan.Zero || spec.Failures < 1 || spec.StartPeriod < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"health check of '{instanceName}': interval ({spec.Interval}) and timeout ({spec.Timeout}) must be positive, "
                + $"failures ({spec.Failures}) at least 1 and start-period ({spec.StartPeriod}) not negative.",
                nameof(spec));
        }

        // Shared by every incarnation: one restarted by its parent's strategy checks the current process.
        var current = new CurrentRun { Probe = probe, Number = run };
        return ActorProps.Of(() => new HealthCheckActor(spec, current, instanceName));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (!_run.Paused)
        {
            Begin();
        }
    }

    private void Begin()
    {
        _startedAt = Context.System.Scheduler.Monotonic;
        Timers.StartPeriodicTimer(TickTimer, ProbeDue.Instance, _spec.Interval);
    }

    private void Pause()
    {
        _run.Paused = true;
        Timers.CancelAll();
        Abandon();
    }

    private void OnCheckProcess(CheckProcess check)
    {
        Abandon();
        _run.Probe = check.Probe;
        _run.Number = check.Run;
        _run.Paused = false;
        _consecutiveFailures = 0;
        _state = HealthState.Starting;
        Begin();
    }

    /// <summary>Drops the probe in flight, as stopping the check did: it is cancelled, and its result no longer matches <see cref="_sequence"/>.</summary>
    private void Abandon()
    {
        Timers.Cancel(TimeoutTimer);
        _inFlight?.Cancel();
        _inFlight = null;
        _inFlightTimedOut = false;
        _sequence++;
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _inFlight?.Cancel();
        _spareCancellation?.Dispose();
    }

    private void StartProbe()
    {
        if (_inFlight is not null)
        {
            // A probe that ignores its cancellation (a check process stuck in the kernel) keeps the single slot;
            // every interval it keeps it counts as one more failure, so a wedged check still fails the instance.
            if (_inFlightTimedOut)
            {
                Record(ProbeResult.Fail($"previous probe still running after its {HealthDurations.Format(_spec.Timeout)} timeout"));
            }

            return;
        }

        var cancellation = _spareCancellation ?? new CancellationTokenSource();
        _spareCancellation = null;
        var task = Run(cancellation.Token);
        if (task.IsCompleted)
        {
            // Answered before it could time out (a scripted probe in simulate, a refused connection): the
            // result is recorded now, which is where the piped-back result would be handled next anyway, and
            // the never-cancelled token source is kept for the next probe. A day of 5-second checks on 100
            // services is 1.7 M probes, so this path allocates nothing.
            _spareCancellation = cancellation;
            Record(OutcomeOf(task));
            return;
        }

        var sequence = ++_sequence;
        _inFlight = cancellation;
        _inFlightTimedOut = false;
        Timers.StartSingleTimer(TimeoutTimer, new ProbeTimedOut(sequence), _spec.Timeout);
        var mask = _mask;
        task.PipeTo(Self, Self, result => new ProbeCompleted(sequence, Masked(result, mask)), failure => new ProbeCompleted(sequence, Masked(FailureOf(failure), mask)));
    }

    private Task<ProbeResult> Run(CancellationToken cancellationToken)
    {
        try
        {
            return _run.Probe.ProbeAsync(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromResult(ProbeResult.Fail($"probe threw {e.GetType().Name}: {e.Message}"));
        }
    }

    private static ProbeResult OutcomeOf(Task<ProbeResult> task) =>
        task.IsCompletedSuccessfully
            ? task.Result
            : ProbeResult.Fail(task.Exception is { } error
                ? $"probe threw {error.InnerException?.GetType().Name}: {error.InnerException?.Message}"
                : "probe was cancelled");

    private static ProbeResult FailureOf(Exception failure)
    {
        var cause = failure is AggregateException { InnerException: { } inner } ? inner : failure;
        return ProbeResult.Fail(cause is OperationCanceledException ? "probe was cancelled" : $"probe threw {cause.GetType().Name}: {cause.Message}");
    }

    private static ProbeResult Masked(ProbeResult result, Events.SecretMask mask) =>
        result with { Detail = mask.Apply(result.Detail) };

    private void OnCompleted(ProbeCompleted completed)
    {
        if (completed.Sequence != _sequence || _inFlight is null)
        {
            return;
        }

        var timedOut = _inFlightTimedOut;
        Timers.Cancel(TimeoutTimer);
        _inFlight.Dispose();
        _inFlight = null;
        if (!timedOut)
        {
            Record(completed.Result);
        }
    }

    private void OnTimedOut(ProbeTimedOut timedOut)
    {
        if (timedOut.Sequence != _sequence || _inFlight is null || _inFlightTimedOut)
        {
            return;
        }

        _inFlightTimedOut = true;
        _inFlight.Cancel();
        Record(ProbeResult.Fail($"probe timed out after {HealthDurations.Format(_spec.Timeout)}"));
    }

    private void Record(ProbeResult result)
    {
        if (result.Healthy)
        {
            _consecutiveFailures = 0;
            ChangeTo(HealthState.Healthy, result.Detail);
            return;
        }

        var inStartPeriod = Context.System.Scheduler.Monotonic - _startedAt < _spec.StartPeriod;
        if (inStartPeriod && _state == HealthState.Starting)
        {
            return;
        }

        _consecutiveFailures++;
        if (_consecutiveFailures < _spec.Failures)
        {
            return;
        }

        var detail = $"{_consecutiveFailures} consecutive failure(s); last: {result.Detail}";
        ChangeTo(HealthState.Unhealthy, detail);
        throw new HealthCheckFailedException(_instance, detail);
    }

    private void ChangeTo(HealthState state, string detail)
    {
        if (state == _state)
        {
            return;
        }

        _state = state;
        Context.Parent.Tell(new HealthChanged(_instance, state, detail, _run.Number), Self);
    }

    /// <summary>The process the check is on: set by the parent's messages, read by every incarnation.</summary>
    private sealed class CurrentRun
    {
        public required IHealthProbe Probe;
        public long Number;
        public bool Paused;
    }
}
