using ActorWarden.Actors;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tree.Failures;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Restart;
using ActorWarden.Supervision.Tree.Strategies;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// Supervises the instances of one service (<c>/user/warden/GROUP/SERVICE</c>) with a one-for-one
/// strategy whose decider is the service's restart policy (<see cref="RestartDecider"/>) and whose
/// intensity is the service's max-restarts within `within`; beyond it, the failure escalates to the
/// group. It keeps what must survive an instance's restarts — failed starts in a row and the backoff
/// position — and the seeded Random that jitters its delays.
/// </summary>
public sealed class ServiceSupervisor : ReceiveActor
{
    private readonly ServiceSpec _spec;
    private readonly string _group;
    private readonly TreeContext _ctx;
    private readonly Random _random;
    private readonly Dictionary<string, AttemptLedger> _ledgers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RestartDecision> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ICancelable> _fatalRetries = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<InstanceIdentity> _instances;

    private ServiceSupervisor(ServiceSpec spec, string group, TreeContext ctx)
    {
        _spec = spec;
        _group = group;
        _ctx = ctx;
        _random = new Random(ctx.SeedFor(spec.Name));
        _instances = InstanceIdentity.Of(spec, group);
        Receive<ServiceCommand>(OnCommand);
        Receive<RetryFatal>(OnRetryFatal);
        Receive<ResumeService>(_ =>
        {
            foreach (var instance in _instances)
            {
                Context.Child(instance.Name).Tell(ResumeInstance.Instance, Self);
            }
        });
    }

    /// <summary>Props of the supervisor of <paramref name="spec"/> inside group <paramref name="group"/>.</summary>
    public static Props Props(ServiceSpec spec, string group, TreeContext ctx)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(ctx);
        return ActorWarden.Actors.Props.Create(() => new ServiceSupervisor(spec, group, ctx));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new ReportingStrategy(GroupStrategy.OneForOne, _spec.Intensity, Decide, Directive.Escalate, OnApplied);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var instance in _instances)
        {
            Context.ActorOf(ProcessActor.Props(instance, _spec, _ctx), instance.Name);
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var retry in _fatalRetries.Values)
        {
            retry.Cancel();
        }
    }

    private Directive Decide(Exception cause)
    {
        var instance = InstanceOf(cause);
        if (instance is null)
        {
            return Directive.Restart;
        }

        var ledger = _ledgers.GetValueOrDefault(instance) ?? AttemptLedger.Fresh;
        var decision = RestartDecider.Decide(_spec, cause, ledger, _random);
        _ledgers[instance] = decision.Ledger;
        _decisions[instance] = decision;
        return decision.Directive;
    }

    private void OnApplied(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        var instance = child.Path.Name;
        _decisions.Remove(instance, out var decision);
        var reason = decision?.Reason ?? $"{cause.GetType().Name}: {cause.Message}";
        if (decision is not null && decision.Directive == Directive.Restart && directive == Directive.Escalate)
        {
            reason = $"{reason}; more than {_spec.Intensity.MaxRestarts} restarts within {_spec.Intensity.Within.TotalSeconds:0.###} s (service intensity)";
        }

        _ctx.Events.Emit(
            EventNames.Directive,
            _spec.Name,
            instance,
            ("supervisor", _spec.Name),
            ("level", "service"),
            ("child", instance),
            ("directive", directive.ToString().ToLowerInvariant()),
            ("reason", reason),
            ("cause", cause.GetType().Name),
            ("delay_ms", directive == Directive.Restart && decision is not null ? (long)decision.Delay.TotalMilliseconds : null));
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
                _ctx.Events.Emit(EventNames.Escalated, _spec.Name, instance, ("supervisor", _spec.Name), ("level", "service"), ("to", _group), ("reason", reason));
                break;
        }
    }

    private void ScheduleFatalRetry(string instance)
    {
        if (_fatalRetries.Remove(instance, out var previous))
        {
            previous.Cancel();
        }

        if (_spec.FatalRetry is { } after)
        {
            _fatalRetries[instance] = Context.System.Scheduler.ScheduleTellOnce(after, Self, new RetryFatal(instance), Self);
        }
    }

    private void OnRetryFatal(RetryFatal retry)
    {
        _fatalRetries.Remove(retry.Instance);
        if (!_ctx.Registry.IsWanted(retry.Instance) || _ctx.Registry.StateOf(retry.Instance) != ProcessState.Fatal)
        {
            return;
        }

        _ledgers[retry.Instance] = AttemptLedger.Fresh;
        Context.Child(retry.Instance).Tell(StartInstance.Instance, Self);
    }

    private void OnCommand(ServiceCommand command)
    {
        foreach (var instance in _instances)
        {
            if (command.Instance is not null && command.Instance != instance.Name)
            {
                continue;
            }

            if (_fatalRetries.Remove(instance.Name, out var retry))
            {
                retry.Cancel();
            }

            object message;
            switch (command.Kind)
            {
                case CommandKind.Start:
                    _ledgers[instance.Name] = AttemptLedger.Fresh;
                    message = StartInstance.Instance;
                    break;
                case CommandKind.Restart:
                    _ledgers[instance.Name] = AttemptLedger.Fresh;
                    message = RestartInstance.Instance;
                    break;
                default:
                    message = StopInstance.Instance;
                    break;
            }

            Context.Child(instance.Name).Tell(message, Self);
        }
    }

    private static string? InstanceOf(Exception cause) => cause switch
    {
        InstanceFailureException failure => failure.Instance,
        HealthCheckFailedException health => health.Instance,
        _ => null,
    };
}
