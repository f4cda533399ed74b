namespace ActorWarden.Actors;

/// <summary>Applies Restart and Stop to all children: for children that only work as a set (Erlang's one_for_all). Resume affects only the failed child.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy; <paramref name="maxNrOfRetries"/> -1 means unlimited.</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, Directive retriesExceededDirective = Directive.Stop)
        : base(maxNrOfRetries, withinTimeRange, decider, retriesExceededDirective)
    {
    }

    /// <summary>Creates the strategy with an optional window (null: count over the child's lifetime).</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider, Directive retriesExceededDirective = Directive.Stop)
        : base(maxNrOfRetries, withinTimeRange, decider, retriesExceededDirective)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider)
        : base(-1, null, decider, Directive.Stop)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => children;
}
