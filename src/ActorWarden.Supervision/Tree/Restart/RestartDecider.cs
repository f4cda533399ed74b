using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Config;
using ActorWarden.Supervision.Tree.Failures;

namespace ActorWarden.Supervision.Tree.Restart;

/// <summary>
/// The whole restart policy of a service as one pure function, so it can be tested without actors:
/// failure + spec + ledger → decision. The ServiceSupervisor's strategy calls it as its decider; nothing
/// else in the tree decides whether an instance comes back.
/// </summary>
public static class RestartDecider
{
    /// <summary>Decides what <paramref name="cause"/> means for an instance of <paramref name="spec"/>.</summary>
    public static RestartDecision Decide(ServiceSpec spec, Exception cause, AttemptLedger ledger, Random random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(ledger);
        return cause switch
        {
            StartFailedException failed => DecideFailedStart(spec, failed, ledger, random),
            ProcessExitedException exited => DecideExit(spec, exited, ledger, random),
            HealthCheckFailedException health => RestartWithBackoff(spec, ledger with { FailedStarts = 0 }, random, $"health check failed: {health.Detail}"),
            MemoryLimitExceededException memory => RestartWithBackoff(spec, ledger with { FailedStarts = 0 }, random, memory.Reason),
            _ => RestartWithBackoff(spec, ledger, random, $"{cause.GetType().Name}: {cause.Message}"),
        };
    }

    private static RestartDecision DecideFailedStart(ServiceSpec spec, StartFailedException failed, AttemptLedger ledger, Random random)
    {
        if (failed.Exit?.ExitCode is { } code && spec.ExitCodes.TryGetValue(code, out var action))
        {
            switch (action)
            {
                case ExitAction.Stop:
                    return new RestartDecision(RestartOutcome.StayExited, TimeSpan.Zero, ledger, $"{failed.Detail}; exit-codes.{code} = stop");
                case ExitAction.Escalate:
                    return new RestartDecision(RestartOutcome.Escalate, TimeSpan.Zero, ledger, $"{failed.Detail}; exit-codes.{code} = escalate");
            }
        }

        var failedStarts = ledger.FailedStarts + 1;
        if (failedStarts >= Math.Max(1, spec.StartRetries))
        {
            var retry = spec.FatalRetry is { } after ? $"; retry in {Describe(after)}" : "; fatal-retry = off";
            return new RestartDecision(
                RestartOutcome.Fatal,
                spec.FatalRetry ?? TimeSpan.Zero,
                ledger with { FailedStarts = failedStarts },
                $"{failed.Detail}; {failedStarts} failed starts in a row (start-retries = {spec.StartRetries}){retry}");
        }

        return RestartWithBackoff(
            spec,
            ledger with { FailedStarts = failedStarts },
            random,
            $"{failed.Detail}; failed start {failedStarts} of {spec.StartRetries}");
    }

    private static RestartDecision DecideExit(ServiceSpec spec, ProcessExitedException exited, AttemptLedger ledger, Random random)
    {
        // It had started, so the failed-start streak is over; a long enough run also resets the backoff.
        var next = new AttemptLedger(0, exited.RanFor >= spec.Backoff.ResetAfter ? 0 : ledger.BackoffAttempt);
        var exit = exited.Exit;
        if (exit.ExitCode is { } code && spec.ExitCodes.TryGetValue(code, out var action))
        {
            var why = $"{exit}; exit-codes.{code} = {Spelling(action)}";
            return action switch
            {
                ExitAction.Stop => new RestartDecision(RestartOutcome.StayExited, TimeSpan.Zero, next, why),
                ExitAction.Escalate => new RestartDecision(RestartOutcome.Escalate, TimeSpan.Zero, next, why),
                ExitAction.Ignore => new RestartDecision(RestartOutcome.Restart, BackoffPolicy.Delay(spec.Backoff, 1, random), next, why),
                _ => RestartWithBackoff(spec, next, random, why),
            };
        }

        var success = exit.ExitCode is { } c && spec.SuccessExitCodes.Contains(c);
        return spec.Restart switch
        {
            RestartPolicy.Always => RestartWithBackoff(spec, next, random, $"{exit}; restart = always"),
            RestartPolicy.Never => new RestartDecision(RestartOutcome.StayExited, TimeSpan.Zero, next, $"{exit}; restart = never"),
            _ when success => new RestartDecision(RestartOutcome.StayExited, TimeSpan.Zero, next, $"{exit} is a success exit; restart = on-failure"),
            _ => RestartWithBackoff(spec, next, random, $"{exit}; restart = on-failure"),
        };
    }

    private static RestartDecision RestartWithBackoff(ServiceSpec spec, AttemptLedger ledger, Random random, string reason)
    {
        var attempt = ledger.BackoffAttempt + 1;
        var delay = BackoffPolicy.Delay(spec.Backoff, attempt, random);
        return new RestartDecision(RestartOutcome.Restart, delay, ledger with { BackoffAttempt = attempt }, reason);
    }

    private static string Spelling(ExitAction action) => action.ToString().ToLowerInvariant();

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.###} s" : $"{span.TotalMilliseconds:0.###} ms";
}
