using ActorWarden.Actors;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tree.Strategies;

/// <summary>
/// A kernel <see cref="SupervisorStrategy"/> (one-for-one, one-for-all or rest-for-one, with Erlang
/// intensity) that reports every applied directive to its owner. The kernel calls
/// <see cref="LogFailure"/> with the directive actually applied after the intensity check, which is the
/// moment operators need to see: the owner turns it into a <c>directive</c> event with the reason.
/// </summary>
/// <remarks>
/// The kernel's concrete strategies are sealed, so the three child selections are expressed here
/// directly (the same one-liners as the kernel's): intensity counting, directive application and
/// escalation remain the kernel's <see cref="SupervisorStrategy.HandleFailure"/>.
/// </remarks>
public sealed class ReportingStrategy : SupervisorStrategy
{
    private readonly GroupStrategy _kind;
    private readonly Action<IActorContext, IActorRef, Exception, Directive> _onApplied;

    /// <param name="kind">Which siblings a Restart or Stop applies to.</param>
    /// <param name="intensity">Restarts allowed per child within the window before <paramref name="retriesExceeded"/>.</param>
    /// <param name="decider">Maps a failure to a directive.</param>
    /// <param name="retriesExceeded">Escalate (Erlang intensity) or Stop.</param>
    /// <param name="onApplied">Called once per failure with the directive applied.</param>
    public ReportingStrategy(
        GroupStrategy kind,
        IntensitySpec intensity,
        Func<Exception, Directive> decider,
        Directive retriesExceeded,
        Action<IActorContext, IActorRef, Exception, Directive> onApplied)
        : base(Math.Max(0, intensity.MaxRestarts), intensity.Within > TimeSpan.Zero ? intensity.Within : null, decider, retriesExceeded)
    {
        _kind = kind;
        _onApplied = onApplied ?? throw new ArgumentNullException(nameof(onApplied));
    }

    /// <inheritdoc />
    public override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive) =>
        _onApplied(context, child, cause, directive);

    /// <inheritdoc />
    protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => _kind switch
    {
        GroupStrategy.OneForAll => children.OrderBy(c => c.CreationOrder).ToArray(),
        GroupStrategy.RestForOne => children.Where(c => c.CreationOrder >= failed.CreationOrder).OrderBy(c => c.CreationOrder).ToArray(),
        _ => [failed],
    };
}
