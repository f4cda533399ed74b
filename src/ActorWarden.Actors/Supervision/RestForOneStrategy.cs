namespace ActorWarden.Actors;

/// <summary>Applies Restart and Stop to the failed child and every sibling created after it, in creation order: for pipelines where later children depend on earlier ones (Erlang's rest_for_one). Resume affects only the failed child.</summary>
public sealed class RestForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy; <paramref name="maxNrOfRetries"/> -1 means unlimited.</summary>
    public RestForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, Directive retriesExceededDirective = Directive.Stop)
        : base(maxNrOfRetries, withinTimeRange, decider, retriesExceededDirective)
    {
    }

    /// <summary>Creates the strategy with an optional window (null: count over the child's lifetime).</summary>
    public RestForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider, Directive retriesExceededDirective = Directive.Stop)
        : base(maxNrOfRetries, withinTimeRange, decider, retriesExceededDirective)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public RestForOneStrategy(Func<Exception, Directive> decider)
        : base(-1, null, decider, Directive.Stop)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => children.Where(c => c.CreationOrder >= failed.CreationOrder).OrderBy(c => c.CreationOrder).ToArray();
}
