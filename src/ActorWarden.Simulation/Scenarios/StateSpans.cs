using ActorWarden.Contracts.Events;


namespace ActorWarden.Simulation.Scenarios;

/// <summary>A stretch of virtual time during which an instance stayed in one state.</summary>
public sealed record StateSpan(string Instance, ProcessState State, TimeSpan From, TimeSpan To);

/// <summary>Cuts each instance's state events into contiguous spans from 0 to the end of the simulation.</summary>
public static class StateSpans
{
    /// <summary>The spans of every instance of the layout, in tree order; an instance starts Stopped at t = 0.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<StateSpan>> From(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var open = new Dictionary<string, (ProcessState State, TimeSpan Since)>(StringComparer.Ordinal);
        var spans = new Dictionary<string, List<StateSpan>>(StringComparer.Ordinal);
        foreach (var instance in result.Layout.Instances)
        {
            open[instance.Name] = (ProcessState.Stopped, TimeSpan.Zero);
            spans[instance.Name] = new List<StateSpan>();
        }

        foreach (var e in result.Events)
        {
            if (e.Payload is not StateEvent changed || e.Instance is null || !open.TryGetValue(e.Instance, out var current))
            {
                continue;
            }

            var at = result.TimeOf(e);
            var next = changed.To;
            if (next == current.State)
            {
                continue;
            }

            if (at > current.Since)
            {
                spans[e.Instance].Add(new StateSpan(e.Instance, current.State, current.Since, at));
            }

            open[e.Instance] = (next, at);
        }

        foreach (var (instance, current) in open)
        {
            if (result.End > current.Since)
            {
                spans[instance].Add(new StateSpan(instance, current.State, current.Since, result.End));
            }
        }

        return result.Layout.Instances.ToDictionary(i => i.Name, i => (IReadOnlyList<StateSpan>)spans[i.Name], StringComparer.Ordinal);
    }
}
