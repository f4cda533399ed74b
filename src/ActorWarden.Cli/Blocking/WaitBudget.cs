using ActorWarden.Config;

namespace ActorWarden.Cli.Blocking;

/// <summary>
/// How long a blocking command waits before it reports failure, derived from the services' own
/// settings so a slow but healthy stop or start is never called a failure:
/// stop = stop.timeout + margin (the warden kills the tree at stop.timeout);
/// start = every allowed attempt (start-seconds × (start-retries + 1)) plus the backoff delays between
/// them at their jittered maximum, + margin; restart = both. A target with several services gets the
/// sum, because groups start and stop their members in order.
/// </summary>
public static class WaitBudget
{
    /// <summary>Slack for spawning, messaging and polling on a loaded machine.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    public static TimeSpan For(OperatorVerb verb, IEnumerable<ServiceSpec> services) =>
        services.Aggregate(TimeSpan.Zero, (sum, service) => sum + For(verb, service));

    public static TimeSpan For(OperatorVerb verb, ServiceSpec service) => verb switch
    {
        OperatorVerb.Stop => service.Stop.Timeout + Margin,
        OperatorVerb.Start => Starting(service) + Margin,
        _ => service.Stop.Timeout + Starting(service) + Margin,
    };

    private static TimeSpan Starting(ServiceSpec service)
    {
        var attempts = service.StartSeconds * (service.StartRetries + 1);
        var backoff = TimeSpan.Zero;
        var delay = service.Backoff.Min;
        for (var retry = 0; retry < service.StartRetries; retry++)
        {
            var capped = delay < service.Backoff.Max ? delay : service.Backoff.Max;
            backoff += capped * (1 + service.Backoff.Jitter);
            delay = capped == service.Backoff.Max ? capped : delay * service.Backoff.Multiplier;
        }

        return attempts + backoff;
    }
}
