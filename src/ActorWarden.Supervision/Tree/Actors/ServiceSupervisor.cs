using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Policy;
using ActorWarden.Supervision.Tree.Failures;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Restart;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// Supervises the instances of one service (<c>/user/warden/GROUP/SERVICE</c>) with a one-for-one
/// strategy whose decider is the service's restart policy (<see cref="RestartDecider"/>) and whose
/// intensity is the service's max-restarts within `within`; beyond it, the failure escalates to the
/// group. What must survive an instance's restarts — failed starts in a row and the backoff position —
/// lives in the <see cref="BackoffHistory"/> its group hands to each of its incarnations, so an
/// escalation does not reset it; the supervisor keeps the seeded Random that jitters its delays.
/// </summary>
public sealed partial class ServiceSupervisor : ReceiveActor, IWithTimers
{
    private ServiceSpec _spec;
    private readonly SpecSlot _slot;
    private readonly string _group;
    private readonly TreeContext _ctx;
    private readonly Random _random;
    private readonly BackoffHistory _ledgers;
    private (IActorRef Child, RestartDecision Decision)? _decided;
    private readonly IReadOnlyList<InstanceIdentity> _instances;
    private readonly IReadOnlyList<string> _instanceNames;
    private readonly ServiceStart _start;
    private readonly IActorRef? _announceTo;
    private ErlangSupervisorStrategy? _strategy;
    private HashSet<string>? _retiring;

    private ServiceSupervisor(SpecSlot slot, string group, BackoffHistory ledgers, TreeContext ctx, ServiceStart start, IActorRef? announceTo)
    {
        _announceTo = announceTo;
        _slot = slot;
        var spec = slot.Spec;
        _spec = spec;
        _start = start;
        _ledgers = ledgers;
        _group = group;
        _ctx = ctx;
        _random = new Random(ctx.SeedFor(spec.Name));
        _instances = InstanceIdentity.Of(spec, group);
        _instanceNames = _instances.Select(i => i.Name).ToArray();
        Receive<ServiceCommand>(OnCommand);
        Receive<RetryFatal>(OnRetryFatal);
        Receive<SupervisorRestarted>(_ => _strategy?.Reset());
        Receive<Retire>(OnRetire);
        Receive<InstanceDown>(OnInstanceDown);
        Receive<UpdateService>(OnUpdateService);
        Receive<ResumeService>(_ =>
        {
            foreach (var instance in _instances)
            {
                Context.Child(instance.Name).Tell(ResumeInstance.Instance, Self);
            }
        });
    }

    /// <summary>
    /// Props of the supervisor of <paramref name="spec"/> inside group <paramref name="group"/>, which
    /// remembers its instances' failures in <paramref name="ledgers"/> across its incarnations.
    /// </summary>
    /// <param name="spec">The service.</param>
    /// <param name="group">Its group.</param>
    /// <param name="ledgers">Its instances' attempt ledgers, kept by the group.</param>
    /// <param name="ctx">Shared collaborators.</param>
    /// <param name="start">How its instances begin (wanted, held); null = fresh.</param>
    /// <param name="announceTo">Told <see cref="ServiceReplaced"/> once the instance actors exist (a reload's successor); null otherwise.</param>
    internal static Props Props(ServiceSpec spec, string group, BackoffHistory ledgers, TreeContext ctx, ServiceStart? start = null, IActorRef? announceTo = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(ledgers);
        ArgumentNullException.ThrowIfNull(ctx);
        var begin = start ?? ServiceStart.Fresh;
        var slot = new SpecSlot(spec);
        return ActorProps.Of(() => new ServiceSupervisor(slot, group, ledgers, ctx, begin, announceTo));
    }

    /// <summary>
    /// The Restart directive is applied by orchestration: the failed instance actor is resumed and told
    /// <see cref="Relaunch"/>. Its state lives in its slot and its process has already ended, so
    /// recreating the actor object would only cost a constructor, its children (the log shipper) and a
    /// round of system messages on every crash. The strategy is kept in a field so that an orchestrated
    /// restart of this service gives it a fresh intensity.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        _strategy ??= new ErlangSupervisorStrategy(
            GroupStrategy.OneForOne,
            () => _spec.Intensity,
            Decide,
            Directive.Escalate,
            () => Context.System.Scheduler.Monotonic,
            () => _instanceNames,
            OnApplied,
            RestartApplication.Orchestrate);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var instance in _instances)
        {
            Context.ActorOf(ProcessActor.Props(instance, _spec, _ctx, _start.Wanted.Contains(instance.Name), _start.Held), instance.Name);
        }

        // Only now do the instance paths resolve: the next reload's stop wave may address them.
        _announceTo?.Tell(new ServiceReplaced(_spec.Name), Self);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The strategy's decider: the restart policy for the failing child. Its decision waits in
    /// <see cref="_decided"/> for the strategy to report what it applied after the intensity check,
    /// which follows at once for the same failure.
    /// </summary>
    private Directive Decide(IActorRef child, Exception cause)
    {
        var instance = child.Path.Name;
        var decision = RestartDecider.Decide(_spec, cause, _ledgers.Of(instance), _random);
        _ledgers.Record(instance, decision.Ledger);
        _decided = (child, decision);
        return decision.Directive;
    }

    private void OnApplied(FailureApplied applied)
    {
        var (child, cause, directive) = (applied.Child, applied.Cause, applied.Directive);
        var instance = child.Path.Name;
        var decision = _decided is { } decided && decided.Child.Equals(child) ? decided.Decision : null;
        _decided = null;
        var reason = decision?.Reason ?? $"{cause.GetType().Name}: {cause.Message}";
        if (decision is not null && decision.Directive == Directive.Restart && directive == Directive.Escalate)
        {
            reason = $"{reason}; more than {_spec.Intensity.MaxRestarts} restarts within {_spec.Intensity.Within.TotalSeconds:0.###} s (service intensity)";
        }

        _ctx.Events.Emit(
            _spec.Name,
            instance,
            new ServiceDirectiveEvent(
                _spec.Name,
                instance,
                Spell(directive),
                OutcomeOf(directive, decision),
                reason,
                cause.GetType().Name,
                directive == Directive.Restart && decision is not null ? (long)decision.Delay.TotalMilliseconds : null));
        switch (directive)
        {
            case Directive.Restart:
                var delay = decision?.Delay ?? TimeSpan.Zero;
                child.Tell(new Relaunch(delay, decision?.Ledger.BackoffAttempt ?? 1, reason), Self);
                break;
            case Directive.Resume when decision?.Outcome == RestartOutcome.Fatal:
                child.Tell(new Park(ProcessState.Fatal, reason), Self);
                ScheduleFatalRetry(instance);
                break;
            case Directive.Resume:
                child.Tell(new Park(ProcessState.Exited, reason), Self);
                break;
            case Directive.Escalate:
                _ctx.Events.Emit(_spec.Name, instance, new EscalatedEvent(_spec.Name, "service", _group, reason));
                break;
        }
    }

    /// <summary>
    /// The directive as operators read it. Akka's Resume is only how an instance is parked (its actor
    /// keeps its state and waits); for the operator the supervisor stopped restarting it, Erlang's
    /// "not restarted", so the event says <c>stop</c> and <see cref="OutcomeOf"/> says where it stays.
    /// </summary>
    private static string Spell(Directive directive) =>
        directive == Directive.Resume ? "stop" : directive.ToString().ToLowerInvariant();

    /// <summary>What becomes of the instance: restart, exited (down until started), fatal or escalate.</summary>
    private static string OutcomeOf(Directive applied, RestartDecision? decision) => applied switch
    {
        Directive.Restart => "restart",
        Directive.Escalate => "escalate",
        _ when decision?.Outcome == RestartOutcome.Fatal => "fatal",
        _ => "exited",
    };

    private void ScheduleFatalRetry(string instance)
    {
        Timers.Cancel(FatalRetryKey(instance));
        if (_spec.FatalRetry is { } after)
        {
            Timers.StartSingleTimer(FatalRetryKey(instance), new RetryFatal(instance), after);
        }
    }

    private void OnRetryFatal(RetryFatal retry)
    {
        // The instance starts only if it is still Fatal and wanted; it alone knows.
        _ledgers.Record(retry.Instance, AttemptLedger.Fresh);
        Context.Child(retry.Instance).Tell(RetryIfFatal.Instance, Self);
    }

    private void OnCommand(ServiceCommand command)
    {
        if (_retiring is not null)
        {
            return;
        }

        foreach (var instance in _instances)
        {
            if (command.Instance is not null && command.Instance != instance.Name)
            {
                continue;
            }

            Timers.Cancel(FatalRetryKey(instance.Name));

            object message;
            switch (command.Kind)
            {
                case CommandKind.Start:
                    _ledgers.Record(instance.Name, AttemptLedger.Fresh);
                    message = StartInstance.Instance;
                    break;
                case CommandKind.Restart:
                    _ledgers.Record(instance.Name, AttemptLedger.Fresh);
                    message = RestartInstance.Instance;
                    break;
                default:
                    message = StopInstance.Instance;
                    break;
            }

            Context.Child(instance.Name).Tell(message, Self);
        }
    }

    /// <summary>Stops every instance's process and retires the instance actors; the service actor ends once all are down.</summary>
    private void OnRetire(Retire retire)
    {
        if (_retiring is not null)
        {
            return;
        }

        Timers.CancelAll();
        _retiring = new HashSet<string>(_instanceNames, StringComparer.Ordinal);
        var turn = new HoldAndStop(retire.Reason, Retire: true);
        foreach (var instance in _instanceNames)
        {
            Context.Child(instance).Tell(turn, Self);
        }

        EndIfRetired();
    }

    private void OnInstanceDown(InstanceDown down)
    {
        if (_retiring?.Remove(down.Instance) == true)
        {
            EndIfRetired();
        }
    }

    private void EndIfRetired()
    {
        if (_retiring is { Count: 0 })
        {
            Context.Stop(Self);
        }
    }

    private static string FatalRetryKey(string instance) => "fatal-retry:" + instance;
}
