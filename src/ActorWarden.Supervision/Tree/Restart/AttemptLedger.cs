namespace ActorWarden.Supervision.Tree.Restart;

/// <summary>
/// What a ServiceSupervisor remembers about one instance between its incarnations: failed starts in a
/// row (for start-retries → Fatal) and the position in the backoff sequence. Immutable; the decider
/// returns the next ledger with each decision.
/// </summary>
/// <param name="FailedStarts">Consecutive starts that did not reach start-seconds.</param>
/// <param name="BackoffAttempt">The n of the last backoff delay (0 = none since the last reset).</param>
public sealed record AttemptLedger(int FailedStarts, int BackoffAttempt)
{
    /// <summary>No failures remembered: what an operator start and a fatal retry begin with.</summary>
    public static AttemptLedger Fresh { get; } = new(0, 0);
}
