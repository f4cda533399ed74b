namespace ActorWarden.Config;

/// <summary>
/// Start order from depends-on (dependencies first, configuration order otherwise) and the reverse
/// for stopping, as systemd orders units. A cycle is reported with its members, never looped on.
/// </summary>
public static class DependencyOrder
{
    /// <summary>Services in a valid start order; throws <see cref="InvalidOperationException"/> naming the cycle if there is one.</summary>
    public static IReadOnlyList<ServiceSpec> StartOrder(IReadOnlyList<ServiceSpec> services)
    {
        var cycle = FindCycle(services);
        if (cycle is not null)
        {
            throw new InvalidOperationException("dependency cycle: " + string.Join(" -> ", cycle));
        }

        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<ServiceSpec>(services.Count);
        foreach (var service in services)
        {
            Place(service, byName, placed, order);
        }

        return order;
    }

    /// <summary>The reverse of <see cref="StartOrder"/>: dependents stop before what they depend on.</summary>
    public static IReadOnlyList<ServiceSpec> StopOrder(IReadOnlyList<ServiceSpec> services) =>
        StartOrder(services).Reverse().ToList();

    /// <summary>The first cycle found, as a closed path (a -> b -> a), or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<ServiceSpec> services)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var stack = new List<string>();
            var found = Visit(service.Name, byName, state, stack);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static IReadOnlyList<string>? Visit(string name, Dictionary<string, ServiceSpec> byName, Dictionary<string, int> state, List<string> stack)
    {
        // Iterative depth-first search: deep dependency chains must not overflow the stack.
        var work = new Stack<(string Name, int Next)>();
        work.Push((name, 0));
        while (work.Count > 0)
        {
            var (current, next) = work.Pop();
            if (next == 0)
            {
                if (state.TryGetValue(current, out var s) && s == 2)
                {
                    continue;
                }

                state[current] = 1;
                stack.Add(current);
            }

            var deps = byName.TryGetValue(current, out var spec) ? spec.DependsOn : Array.Empty<string>();
            if (next < deps.Count)
            {
                work.Push((current, next + 1));
                var dep = deps[next];
                if (!byName.ContainsKey(dep))
                {
                    continue;
                }

                if (state.TryGetValue(dep, out var depState) && depState == 1)
                {
                    var start = stack.IndexOf(dep);
                    return stack.Skip(start).Append(dep).ToList();
                }

                if (depState != 2)
                {
                    work.Push((dep, 0));
                }
            }
            else
            {
                state[current] = 2;
                stack.RemoveAt(stack.Count - 1);
            }
        }

        return null;
    }

    private static void Place(ServiceSpec service, Dictionary<string, ServiceSpec> byName, HashSet<string> placed, List<ServiceSpec> order)
    {
        var work = new Stack<(ServiceSpec Spec, int Next)>();
        work.Push((service, 0));
        while (work.Count > 0)
        {
            var (spec, next) = work.Pop();
            if (placed.Contains(spec.Name))
            {
                continue;
            }

            if (next < spec.DependsOn.Count)
            {
                work.Push((spec, next + 1));
                if (byName.TryGetValue(spec.DependsOn[next], out var dep) && !placed.Contains(dep.Name))
                {
                    work.Push((dep, 0));
                }
            }
            else
            {
                placed.Add(spec.Name);
                order.Add(spec);
            }
        }
    }
}
