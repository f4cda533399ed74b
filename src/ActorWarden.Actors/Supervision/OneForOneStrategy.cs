namespace ActorWarden.Actors;

/// <summary>Applies each decision to the failed child only: independent children (Akka's default, Erlang's one_for_one).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy; <paramref name="maxNrOfRetries"/> -1 means unlimited.</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, Directive retriesExceededDirective = Directive.Stop)
        : base(maxNrOfRetries, withinTimeRange, decider, retriesExceededDirective)
    {
    }

    /// <summary>Creates the strategy with an optional window (null: count over the child's lifetime).</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider, Directive retriesExceededDirective = Directive.Stop)
        : base(maxNrOfRetries, withinTimeRange, decider, retriesExceededDirective)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : base(-1, null, decider, Directive.Stop)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => [failed];
}
