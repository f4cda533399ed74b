using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>
/// Three real `warden run` processes on 127.0.0.1 forming one cluster (ports picked free), each in its
/// own temp folder. Disposing stops every node and deletes the folders (RunningWarden), so no test
/// leaves a process behind, whatever it killed on the way.
/// </summary>
internal sealed class ClusterOfThree : IAsyncDisposable
{
    private readonly List<RunningWarden> _nodes;
    private readonly List<RunningWarden> _replaced = new();
    private readonly IReadOnlyList<string?> _cgroups;

    private ClusterOfThree(List<RunningWarden> nodes, IReadOnlyList<string> addresses, IReadOnlyList<string?> cgroups)
    {
        _nodes = nodes;
        Addresses = addresses;
        _cgroups = cgroups;
    }

    public IReadOnlyList<RunningWarden> Nodes => _nodes;

    /// <summary>host:port of each node, as status spells it.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>
    /// Starts three nodes of one cluster running <paramref name="services"/>; the first two are the seeds.
    /// <paramref name="cgroups"/>, when given, names a cgroup2 directory (or null) per node to start it in.
    /// </summary>
    public static ClusterOfThree Start(string services, IReadOnlyList<string?>? cgroups = null)
    {
        cgroups ??= new string?[3];
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToArray();
        var addresses = ports.Select(p => $"127.0.0.1:{p}").ToArray();
        var nodes = new List<RunningWarden>();
        foreach (var (port, cgroup) in ports.Zip(cgroups))
        {
            // Failure detection tuned for failover within seconds (docs/cluster.md: the defaults, 3 s and
            // 5 s, trade a slower failover for fewer live nodes downed on a loaded machine).
            nodes.Add(RunningWarden.Start(services, $$"""
                cluster {
                  enabled = on
                  port = {{port}}
                  seed-nodes = ["{{addresses[0]}}", "{{addresses[1]}}"]
                  min-nodes = 3
                  stable-after = 2s
                  acceptable-heartbeat-pause = 2s
                }
                """, cgroup: cgroup));
        }

        return new ClusterOfThree(nodes, addresses, cgroups);
    }

    /// <summary>Starts node <paramref name="index"/> again on its folder and config (after it was killed).</summary>
    public RunningWarden Restart(int index)
    {
        var old = _nodes[index];
        _replaced.Add(old);
        return _nodes[index] = RunningWarden.StartOn(old.Directory, old.ConfigPath, old.Port, cgroup: _cgroups[index]);
    }

    /// <summary>Running instances of <paramref name="service"/> as (name, node, pid), from one node's cluster status.</summary>
    public static IReadOnlyList<(string Name, string Node, int Pid)> Running(JsonElement status, string service) =>
        RunningWarden.Instances(status)
            .Where(i => i.GetProperty("service").GetString() == service && i.GetProperty("state").GetString() == "running")
            .Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("node").GetString()!, i.GetProperty("pid").GetInt32()))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        // The current nodes first: a replaced node's folder is the new node's, and disposing it deletes it.
        foreach (var node in _nodes.Concat(_replaced))
        {
            await node.DisposeAsync();
        }
    }
}
