using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tree.Restart;

/// <summary>
/// Erlang terminates the children a restart affects in reverse start order; systemd stops a unit only
/// after the units ordered after it. A restart of several services (one-for-all, rest-for-one, a root
/// restart of a group, a reload) defers the stop of their processes and lets each service's stop
/// signal go out only once every affected service depending on it is gone; independent services go in
/// reverse member order, together. Pure task composition over the registry: it needs no actor, and it
/// goes on when the actors that started it are restarted meanwhile.
/// </summary>
internal static class OrderedStop
{
    /// <summary>
    /// Defers the stops of the instances of <paramref name="services"/> (in member order), then releases
    /// them in reverse dependency order once every actor holding one of their processes has ended. Call
    /// it before those actors end. The task completes when every process the instances ran is gone.
    /// </summary>
    public static Task Run(IReadOnlyList<ServiceSpec> services, Func<string, IEnumerable<string>> instancesOf, InstanceRegistry registry)
    {
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var within = services.Select(s => s with { DependsOn = s.DependsOn.Where(names.Contains).ToArray() }).ToList();
        var instances = within.ToDictionary(s => s.Name, s => instancesOf(s.Name).ToArray(), StringComparer.Ordinal);

        // Taken now: a held successor never replaces the process these tasks wait for.
        var gone = instances.ToDictionary(i => i.Key, i => Task.WhenAll(i.Value.Select(registry.WhenGone)), StringComparer.Ordinal);
        var all = instances.Values.SelectMany(i => i).ToArray();
        foreach (var instance in all)
        {
            registry.DeferStop(instance);
        }

        // Akka ends the actors in its own order: release nothing before every live process has been
        // handed over, so the signals go out in the order released, not in the order the actors ended.
        var handedOver = Task.WhenAll(all.Select(i => Task.WhenAny(registry.ArrivedAtStop(i), registry.WhenGone(i))));
        handedOver.ContinueWith(_ => ReleaseInOrder(within, instances, gone, registry), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.WhenAll(gone.Values);
    }

    private static void ReleaseInOrder(List<ServiceSpec> within, Dictionary<string, string[]> instances, Dictionary<string, Task> gone, InstanceRegistry registry)
    {
        foreach (var service in DependencyOrder.StopOrder(within))
        {
            var own = instances[service.Name];
            var turn = Task.WhenAll(within.Where(d => d.DependsOn.Contains(service.Name)).Select(d => gone[d.Name]));
            if (turn.IsCompleted)
            {
                Release(registry, own);
                continue;
            }

            turn.ContinueWith(_ => Release(registry, own), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static void Release(InstanceRegistry registry, IEnumerable<string> instances)
    {
        foreach (var instance in instances)
        {
            registry.ReleaseStop(instance);
        }
    }
}
