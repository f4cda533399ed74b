using System.Globalization;
using ActorWarden.Config;
using ActorWarden.Hocon;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// Binds <c>scenario.cluster</c> (docs/simulate.md, "Modelling a cluster") and checks it against the
/// config and against itself: the config must be a cluster node, nodes are host:port and listed once,
/// every event names a node the scenario knows, and the events make sense in time order (a node is
/// killed or cut off only while its warden runs, joins only while it does not). Problems go to the
/// scenario's error list with the value's own file:line:column.
/// </summary>
internal static class ClusterScenarioBinder
{
    public static readonly string[] Keys = ["nodes", "kills", "leaves", "joins", "partitions"];
    private static readonly string[] AtKeys = ["at", "node"];
    private static readonly string[] PartitionKeys = ["node", "from", "to"];

    /// <summary>The cluster part of the scenario, or null when it has errors (they are in <paramref name="reader"/>'s list).</summary>
    public static ClusterScenario? Bind(HoconValue value, WardenSettings settings, ScenarioNodeReader reader)
    {
        const string path = "scenario.cluster";
        if (reader.Object(value, path, Keys) is not { } body)
        {
            return null;
        }

        var ok = true;
        if (!settings.Cluster.Enabled)
        {
            reader.Error(value.Origin, path, "the config is no cluster node (warden.cluster.enabled = off), so there is no cluster to model");
            ok = false;
        }

        var nodes = new List<string>();
        if (!body.TryGetValue("nodes", out var nodesValue))
        {
            reader.Error(body.Origin, path + ".nodes", "missing: list the members at 0s as host:port, oldest first, e.g. [\"127.0.0.1:4053\", \"127.0.0.1:4054\"]");
            ok = false;
        }
        else if (reader.List(nodesValue, path + ".nodes") is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (Node(items[i], $"{path}.nodes[{i}]", reader) is not { } node)
                {
                    ok = false;
                }
                else if (nodes.Contains(node))
                {
                    reader.Error(items[i].Origin, $"{path}.nodes[{i}]", $"node {node} is listed twice");
                    ok = false;
                }
                else
                {
                    nodes.Add(node);
                }
            }

            if (items.Count == 0)
            {
                reader.Error(nodesValue.Origin, path + ".nodes", "expected at least one node");
                ok = false;
            }
        }
        else
        {
            ok = false;
        }

        var kills = AtList(body, "kills", reader, ref ok);
        var leaves = AtList(body, "leaves", reader, ref ok);
        var joins = AtList(body, "joins", reader, ref ok);
        var partitions = PartitionList(body, reader, ref ok);
        if (!ok)
        {
            return null;
        }

        var scenario = new ClusterScenario { Nodes = nodes, Kills = kills.Select(k => k.Event).ToArray(), Leaves = leaves.Select(l => l.Event).ToArray(), Joins = joins.Select(j => j.Event).ToArray(), Partitions = partitions.Select(p => p.Event).ToArray() };
        return CheckSequence(scenario, kills.Concat(leaves).ToList(), joins, partitions, reader) ? scenario : null;
    }

    /// <summary>
    /// With a cluster, a cluster-placed service's processes are placed by the model, not run by the
    /// simulated tree, so of its script only stop-delay (how long a hand-off or a downed node's stop
    /// takes) has a meaning; anything else would silently not play.
    /// </summary>
    public static void CheckPlacedScripts(HoconObject scenario, WardenSettings settings, ScenarioNodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(settings);
        var farms = settings.Services.Where(s => s.Placement == Placement.Cluster).ToList();
        var owners = farms.SelectMany(f => f.InstanceNames.Select(i => (Instance: i, Farm: f.Name))).ToDictionary(x => x.Instance, x => x.Farm, StringComparer.Ordinal);
        foreach (var (section, farmOf) in new (string, Func<string, string?>)[]
        {
            ("services", name => farms.Any(f => f.Name == name) ? name : null),
            ("instances", name => owners.GetValueOrDefault(name)),
        })
        {
            if (!scenario.TryGetValue(section, out var value) || value is not HoconObject entries)
            {
                continue;
            }

            foreach (var name in entries.Keys)
            {
                if (farmOf(name) is not { } farm || entries[name] is not HoconObject script)
                {
                    continue;
                }

                foreach (var key in script.Keys.Where(k => k != "stop-delay"))
                {
                    reader.Error(script.KeyOrigin(key), ScenarioNodeReader.Join(ScenarioNodeReader.Join("scenario." + section, name), key), $"service '{farm}' is placed by the cluster (placement = cluster): the cluster model places its instances but does not run them, so only stop-delay applies");
                }
            }
        }
    }

    private static List<(NodeAt Event, HoconOrigin Origin, string Path)> AtList(HoconObject body, string key, ScenarioNodeReader reader, ref bool ok)
    {
        var result = new List<(NodeAt, HoconOrigin, string)>();
        foreach (var (item, origin, itemPath) in Items(body, key, AtKeys, reader, ref ok))
        {
            var at = item.TryGetValue("at", out var a) ? reader.Duration(a, itemPath + ".at") : Missing(reader, item, itemPath + ".at");
            var node = item.TryGetValue("node", out var n) ? Node(n, itemPath + ".node", reader) : MissingNode(reader, item, itemPath + ".node");
            if (at is { } time && node is not null)
            {
                result.Add((new NodeAt(time, node), origin, itemPath));
            }
            else
            {
                ok = false;
            }
        }

        return result;
    }

    /// <summary>
    /// The objects of the list at <paramref name="key"/> with their origin and key path; a list that is not one,
    /// or an item that is not an object of <paramref name="keys"/>, is reported and leaves <paramref name="ok"/> false.
    /// </summary>
    private static List<(HoconObject Item, HoconOrigin Origin, string Path)> Items(HoconObject body, string key, string[] keys, ScenarioNodeReader reader, ref bool ok)
    {
        var result = new List<(HoconObject, HoconOrigin, string)>();
        var listPath = "scenario.cluster." + key;
        if (!body.TryGetValue(key, out var value))
        {
            return result;
        }

        if (reader.List(value, listPath) is not { } items)
        {
            ok = false;
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{listPath}[{i}]";
            if (reader.Object(items[i], itemPath, keys) is not { } item || item.Keys.Any(k => !keys.Contains(k)))
            {
                ok = false;
                continue;
            }

            result.Add((item, items[i].Origin, itemPath));
        }

        return result;
    }

    private static List<(NodePartition Event, HoconOrigin Origin, string Path)> PartitionList(HoconObject body, ScenarioNodeReader reader, ref bool ok)
    {
        var result = new List<(NodePartition, HoconOrigin, string)>();
        foreach (var (item, origin, itemPath) in Items(body, "partitions", PartitionKeys, reader, ref ok))
        {
            var node = item.TryGetValue("node", out var n) ? Node(n, itemPath + ".node", reader) : MissingNode(reader, item, itemPath + ".node");
            var from = item.TryGetValue("from", out var f) ? reader.Duration(f, itemPath + ".from") : Missing(reader, item, itemPath + ".from");
            TimeSpan? to = null;
            if (item.TryGetValue("to", out var t))
            {
                to = reader.Duration(t, itemPath + ".to");
                if (to is null)
                {
                    ok = false;
                    continue;
                }

                if (from is { } start && to <= start)
                {
                    reader.Error(t.Origin, itemPath + ".to", $"must be after from ({start.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s)");
                    ok = false;
                    continue;
                }
            }

            if (node is not null && from is { } begin)
            {
                result.Add((new NodePartition(node, begin, to), origin, itemPath));
            }
            else
            {
                ok = false;
            }
        }

        return result;
    }

    /// <summary>
    /// Walks the events in time order (at one instant: kills and leaves, then partitions, then joins)
    /// with the nodes whose warden runs, so a scenario cannot kill or stop a node twice, cut off a
    /// node that is not running, or start a node that already runs.
    /// </summary>
    private static bool CheckSequence(
        ClusterScenario scenario,
        List<(NodeAt Event, HoconOrigin Origin, string Path)> stops,
        List<(NodeAt Event, HoconOrigin Origin, string Path)> joins,
        List<(NodePartition Event, HoconOrigin Origin, string Path)> partitions,
        ScenarioNodeReader reader)
    {
        var known = scenario.AllNodes.ToHashSet(StringComparer.Ordinal);
        var ok = true;
        foreach (var (node, origin, path) in stops.Select(k => (k.Event.Node, k.Origin, k.Path)).Concat(partitions.Select(p => (p.Event.Node, p.Origin, p.Path))))
        {
            if (!known.Contains(node))
            {
                reader.Error(origin, path + ".node", $"unknown node {node}; the scenario has {string.Join(", ", scenario.AllNodes)} (a new node enters through joins)");
                ok = false;
            }
        }

        if (!ok)
        {
            return false;
        }

        var steps = stops.Select(k => (At: k.Event.At, Order: 0, k.Event.Node, k.Origin, k.Path, What: k.Path.Contains(".kills[", StringComparison.Ordinal) ? "kill" : "leave"))
            .Concat(partitions.Select(p => (At: p.Event.From, Order: 1, p.Event.Node, p.Origin, p.Path, What: "partition")))
            .Concat(joins.Select(j => (At: j.Event.At, Order: 2, j.Event.Node, j.Origin, j.Path, What: "join")))
            .OrderBy(s => s.At).ThenBy(s => s.Order)
            .ToList();
        var running = scenario.Nodes.ToHashSet(StringComparer.Ordinal);
        var cutOffUntil = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var at = SimTime.Short(step.At);
            switch (step.What)
            {
                case "kill" or "leave" when !running.Remove(step.Node):
                    reader.Error(step.Origin, step.Path, $"node {step.Node} has no running warden at {at} to {(step.What == "kill" ? "kill" : "stop")} (it was killed or stopped before, or joins later)");
                    ok = false;
                    break;
                case "join" when running.Contains(step.Node):
                    reader.Error(step.Origin, step.Path, $"node {step.Node} already runs at {at}; kill it first (a node joins again as a new incarnation)");
                    ok = false;
                    break;
                case "join":
                    running.Add(step.Node);
                    break;
                case "partition" when !running.Contains(step.Node):
                    reader.Error(step.Origin, step.Path, $"node {step.Node} has no running warden at {at} to cut off");
                    ok = false;
                    break;
                case "partition" when cutOffUntil.TryGetValue(step.Node, out var until) && (until is null || until > step.At):
                    reader.Error(step.Origin, step.Path, $"node {step.Node} is already cut off at {at} (partitions of one node may not overlap)");
                    ok = false;
                    break;
                case "partition":
                    cutOffUntil[step.Node] = partitions.First(p => p.Path == step.Path).Event.To;
                    break;
            }
        }

        return ok;
    }

    private static string? Node(HoconValue value, string path, ScenarioNodeReader reader)
    {
        if (reader.Text(value, path) is not { } text)
        {
            return null;
        }

        if (!NodeAddress.TryParse(text, out _))
        {
            reader.Error(value.Origin, path, $"expected host:port, e.g. \"127.0.0.1:4053\", found \"{text}\"");
            return null;
        }

        return text;
    }

    private static TimeSpan? Missing(ScenarioNodeReader reader, HoconObject owner, string path)
    {
        reader.Error(owner.Origin, path, "missing");
        return null;
    }

    private static string? MissingNode(ScenarioNodeReader reader, HoconObject owner, string path)
    {
        reader.Error(owner.Origin, path, "missing");
        return null;
    }
}
