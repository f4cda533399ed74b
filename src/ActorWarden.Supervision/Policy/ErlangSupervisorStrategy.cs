using System.Runtime.ExceptionServices;
using ActorWarden.Config;
using ActorWarden.Processes.Diagnostics;
using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Util;

namespace ActorWarden.Supervision.Policy;

/// <summary>
/// One Akka <see cref="SupervisorStrategy"/> with Erlang semantics for one_for_one, one_for_all and
/// rest_for_one. Akka has no rest-for-one, counts restart windows on the real clock and stops a child that
/// used up its restarts; this strategy orders children by the group's member order, counts intensity on the
/// clock it is given (the scheduler's, so virtual time counts) and, when the intensity is exceeded, applies
/// <c>retriesExceeded</c>: Escalate fails the supervisor itself with the child's cause (Erlang), Stop stops the
/// affected children (a root that gives up).
/// </summary>
/// <remarks>
/// The restart history of each child lives in this object, so create one instance per supervisor in its
/// <c>SupervisorStrategy()</c> override; a supervisor restart then starts from a fresh history, as its
/// children are restarted with it. Sharing one instance between supervisors is refused with an exception.
/// </remarks>
public sealed class ErlangSupervisorStrategy : SupervisorStrategy
{
    private static readonly Stage DecisionStage = StageCosts.Register("supervisor decision");

    private readonly GroupStrategy _kind;
    private readonly Func<IntensitySpec> _intensity;
    private readonly Func<IActorRef, Exception, Directive> _decider;
    private readonly Directive _retriesExceeded;
    private readonly Func<TimeSpan> _monotonic;
    private readonly Func<IReadOnlyList<string>> _memberOrder;
    private readonly Action<FailureApplied> _onApplied;
    private readonly RestartApplication _application;
    private readonly Dictionary<IActorRef, RestartHistory> _histories = new();
    private IActorRef? _owner;

    /// <param name="kind">Which children a Restart or Stop applies to.</param>
    /// <param name="intensity">Restarts allowed per child within the window before <paramref name="retriesExceeded"/> applies.</param>
    /// <param name="decider">Maps a failure of the given child to a directive; Akka's own signals are decided first (<see cref="AkkaFailureDefaults"/>).</param>
    /// <param name="retriesExceeded">Escalate (Erlang) or Stop (a root that gives up).</param>
    /// <param name="monotonic">The clock restart windows are counted on: <c>system.Scheduler.MonotonicClock</c>, or a virtual one.</param>
    /// <param name="memberOrder">Child names in start order; asked at each failure, so a reload may change it.</param>
    /// <param name="onApplied">Called once per failure with the directive actually applied.</param>
    /// <param name="application">Whether Akka recreates or stops the affected children, or the supervisor orchestrates it.</param>
    public ErlangSupervisorStrategy(
        GroupStrategy kind,
        IntensitySpec intensity,
        Func<IActorRef, Exception, Directive> decider,
        Directive retriesExceeded,
        Func<TimeSpan> monotonic,
        Func<IReadOnlyList<string>> memberOrder,
        Action<FailureApplied> onApplied,
        RestartApplication application = RestartApplication.Recreate)
        : this(kind, Fixed(intensity), decider, retriesExceeded, monotonic, memberOrder, onApplied, application)
    {
    }

    /// <summary>
    /// As the other constructor, with the intensity asked at each failure: Akka keeps one strategy per
    /// actor incarnation, so an intensity a reload applies in place is read from here.
    /// </summary>
    /// <param name="kind">Which children a Restart or Stop applies to.</param>
    /// <param name="intensity">The intensity in force, asked at each failure.</param>
    /// <param name="decider">Maps a failure of the given child to a directive.</param>
    /// <param name="retriesExceeded">Escalate (Erlang) or Stop (a root that gives up).</param>
    /// <param name="monotonic">The clock restart windows are counted on.</param>
    /// <param name="memberOrder">Child names in start order; asked at each failure.</param>
    /// <param name="onApplied">Called once per failure with the directive actually applied.</param>
    /// <param name="application">Whether Akka recreates or stops the affected children, or the supervisor orchestrates it.</param>
    public ErlangSupervisorStrategy(
        GroupStrategy kind,
        Func<IntensitySpec> intensity,
        Func<IActorRef, Exception, Directive> decider,
        Directive retriesExceeded,
        Func<TimeSpan> monotonic,
        Func<IReadOnlyList<string>> memberOrder,
        Action<FailureApplied> onApplied,
        RestartApplication application = RestartApplication.Recreate)
    {
        if (retriesExceeded is not (Directive.Stop or Directive.Escalate))
        {
            throw new ArgumentException($"retriesExceeded must be Stop or Escalate, not {retriesExceeded}", nameof(retriesExceeded));
        }

        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown group strategy");
        }

        _kind = kind;
        _intensity = intensity ?? throw new ArgumentNullException(nameof(intensity));
        _decider = decider ?? throw new ArgumentNullException(nameof(decider));
        _retriesExceeded = retriesExceeded;
        _monotonic = monotonic ?? throw new ArgumentNullException(nameof(monotonic));
        _memberOrder = memberOrder ?? throw new ArgumentNullException(nameof(memberOrder));
        _onApplied = onApplied ?? throw new ArgumentNullException(nameof(onApplied));
        _application = application;
        Decider = new ChildlessDecider(this);
    }

    private static Func<IntensitySpec> Fixed(IntensitySpec intensity)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        return () => intensity;
    }

    /// <summary>
    /// For Akka code that asks without a child: Akka's signals first, then the domain decider with
    /// <see cref="ActorRefs.Nobody"/> as the child. The supervisor itself always decides through the child.
    /// </summary>
    public override IDecider Decider { get; }

    /// <inheritdoc />
    protected override Directive Handle(IActorRef child, Exception exception)
    {
        using var stage = StageCosts.Enter(DecisionStage);
        return AkkaFailureDefaults.DirectiveFor(exception) ?? _decider(child, exception);
    }

    /// <summary>
    /// Akka calls this with the decided directive before applying it. Resume and Escalate are final here
    /// and reported now; Restart and Stop are reported by <see cref="ProcessFailure"/> after the intensity check.
    /// </summary>
    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        using var stage = StageCosts.Enter(DecisionStage);
        ClaimOwner(context);
        switch (directive)
        {
            case Directive.Resume:
                _onApplied(new FailureApplied(context, child, cause, Directive.Resume, [child]));
                break;
            case Directive.Escalate:
                _onApplied(new FailureApplied(context, child, cause, Directive.Escalate, []));
                break;
        }
    }

    /// <summary>
    /// Applies Restart (<paramref name="restart"/>) or Stop to the affected children in member order. A
    /// restart needs permission for every affected child; refused, <c>retriesExceeded</c> applies. Escalate
    /// rethrows the cause, which Akka's cell treats exactly like a decider's Escalate: the supervisor fails.
    /// </summary>
    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
    {
        using var stage = StageCosts.Enter(DecisionStage);
        var affected = Affected(context, child, children);
        var directive = !restart ? Directive.Stop : PermitRestarts(affected) ? Directive.Restart : _retriesExceeded;
        switch (directive)
        {
            case Directive.Restart or Directive.Stop when restart && _application == RestartApplication.Orchestrate:
                // Only what the domain decided is orchestrated; Akka's own Stop (a child that failed to
                // initialise, was killed) stops it for real.
                ResumeChild(child, cause);
                _onApplied(new FailureApplied(context, child, cause, directive, affected));
                break;
            case Directive.Restart:
                foreach (var target in affected)
                {
                    RestartChild(target, cause, suspendFirst: !target.Equals(child));
                }

                _onApplied(new FailureApplied(context, child, cause, Directive.Restart, affected));
                break;
            case Directive.Stop:
                foreach (var target in affected)
                {
                    context.Stop(target);
                }

                _onApplied(new FailureApplied(context, child, cause, Directive.Stop, affected));
                break;
            default:
                _onApplied(new FailureApplied(context, child, cause, Directive.Escalate, []));
                ExceptionDispatchInfo.Capture(cause).Throw();
                break;
        }
    }

    /// <summary>
    /// Forgets every child's restart history: an orchestrated restart of this supervisor (Erlang restarts
    /// a child supervisor with fresh intensity) keeps the actor, so its strategy is told instead.
    /// </summary>
    public void Reset() => _histories.Clear();

    /// <summary>A terminated child's history goes with it: a child started again under the same name starts afresh.</summary>
    public override void HandleChildTerminated(IActorContext actorContext, IActorRef child, IEnumerable<IInternalActorRef> children)
    {
        ClaimOwner(actorContext);
        _histories.Remove(child);
    }

    /// <summary>Not serializable: the strategy holds delegates into the local domain and is never deployed remotely.</summary>
    public override ISurrogate ToSurrogate(ActorSystem system) =>
        throw new NotSupportedException($"{nameof(ErlangSupervisorStrategy)} holds local delegates and cannot be serialized for remote deployment");

    private IReadOnlyList<IActorRef> Affected(IActorContext context, IActorRef failed, IReadOnlyCollection<ChildRestartStats> children)
    {
        if (_kind == GroupStrategy.OneForOne)
        {
            // The failed child alone: no walk over the siblings and no member order, which cost a sort of
            // all of a 1,000-instance service's children on every crash (half the warden's CPU under churn).
            return [failed];
        }

        var dying = context is ActorCell { ChildrenContainer: TerminatingChildrenContainer terminating } ? terminating.ToDie : null;
        var byName = new Dictionary<string, IActorRef>(StringComparer.Ordinal) { [failed.Path.Name] = failed };
        foreach (var stats in children)
        {
            IActorRef sibling = stats.Child;
            if (dying?.Contains(sibling) != true)
            {
                byName.TryAdd(sibling.Path.Name, sibling);
            }
        }

        return AffectedChildren.Select(_kind, failed.Path.Name, byName.Keys, _memberOrder())
            .Select(name => byName[name])
            .ToArray();
    }

    private bool PermitRestarts(IReadOnlyList<IActorRef> affected)
    {
        var now = _monotonic();
        var permitted = true;
        foreach (var child in affected)
        {
            var permission = RestartIntensity.Request(_histories.GetValueOrDefault(child, RestartHistory.None), now, _intensity());
            _histories[child] = permission.Next;
            permitted &= permission.Permitted;
        }

        return permitted;
    }

    private void ClaimOwner(IActorContext context)
    {
        _owner ??= context.Self;
        if (!_owner.Equals(context.Self))
        {
            throw new InvalidOperationException(
                $"{nameof(ErlangSupervisorStrategy)} of {_owner.Path} is also used by {context.Self.Path}; create one per supervisor");
        }
    }

    private sealed class ChildlessDecider(ErlangSupervisorStrategy strategy) : IDecider
    {
        public Directive Decide(Exception cause) => strategy.Handle(ActorRefs.Nobody, cause);
    }
}
