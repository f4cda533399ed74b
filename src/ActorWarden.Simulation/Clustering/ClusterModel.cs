using ActorWarden.Config;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// A deterministic discrete-event model of a warden cluster on virtual time: membership (failure
/// detector, split-brain resolver, removal), sharding's placement of each cluster-placed instance
/// (<see cref="LeastShardAllocation"/>, the placement keeper's ticks, rebalancing with hand-off), and
/// the every-node services, driven by a <see cref="ClusterScenario"/>. Actions run in due order, ties
/// in the order they were scheduled, so the records do not depend on how the clock is advanced
/// (<see cref="AdvanceTo"/> in one step or many gives the same timeline).
/// </summary>
/// <remarks>
/// It models the protocol's timing rules, not its messages: gossip convergence, the coordinator's
/// singleton hand-over and process start-up take no time here, so real failovers are somewhat later
/// (docs/cluster.md has measurements). Files: membership in ClusterModel.Membership.cs, placement in
/// ClusterModel.Placement.cs.
/// </remarks>
public sealed partial class ClusterModel
{
    private readonly ClusterTimings _timings;
    private readonly ClusterScenario _scenario;
    private readonly Func<string, string, TimeSpan> _stopTime;
    private readonly List<Farm> _farms;
    private readonly List<(string Service, IReadOnlyList<string> Instances)> _everyNode;
    private readonly Dictionary<string, int> _rank = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Action, (long Ticks, long Seq)> _queue = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly List<Copy> _copies = new();
    private readonly List<ClusterRecord> _records = new();
    private readonly List<PlacementSnapshot> _snapshots = new();
    private readonly List<(TimeSpan, string, IReadOnlyList<string>)> _duplicates = new();
    private long _seq;
    private int _ages;
    private TimeSpan _now;
    private TimeSpan? _changedAt;

    /// <summary>A model of <paramref name="settings"/>' cluster under <paramref name="scenario"/>.</summary>
    /// <param name="settings">The config every node runs (the same file on every node).</param>
    /// <param name="scenario">Nodes and what happens to them.</param>
    /// <param name="stopTime">How long the process of (service, instance) takes to stop after its stop signal, its stop ladder included.</param>
    public ClusterModel(WardenSettings settings, ClusterScenario scenario, Func<string, string, TimeSpan> stopTime)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        _stopTime = stopTime ?? throw new ArgumentNullException(nameof(stopTime));
        _timings = ClusterTimings.From(settings.Cluster);
        _farms = settings.Services.Where(s => s.Placement == Placement.Cluster).Select(s => new Farm(s.Name, s.InstanceNames)).ToList();
        _everyNode = settings.Services.Where(s => s.Placement == Placement.EveryNode).Select(s => (s.Name, s.InstanceNames)).ToList();
        foreach (var name in _farms.SelectMany(f => f.Instances).Concat(_everyNode.SelectMany(e => e.Instances)))
        {
            _rank[name] = _rank.Count;
        }

        Schedule(TimeSpan.Zero, Start);
        foreach (var kill in scenario.Kills)
        {
            Schedule(kill.At, () => Kill(kill.Node));
        }

        foreach (var leave in scenario.Leaves)
        {
            Schedule(leave.At, () => Leave(leave.Node));
        }

        foreach (var partition in scenario.Partitions)
        {
            Schedule(partition.From, () => CutOff(partition.Node));
            if (partition.To is { } to)
            {
                Schedule(to, () => Reconnect(partition.Node));
            }
        }

        foreach (var join in scenario.Joins)
        {
            Schedule(join.At, () => Join(join.Node));
        }
    }

    /// <summary>The model's virtual time.</summary>
    public TimeSpan Now => _now;

    /// <summary>Runs every action due at or before <paramref name="time"/>, then sets the clock to it.</summary>
    public void AdvanceTo(TimeSpan time)
    {
        while (_queue.TryPeek(out _, out var due) && due.Ticks <= time.Ticks)
        {
            var at = new TimeSpan(due.Ticks);
            if (_changedAt is { } changed && changed < at)
            {
                Snapshot(changed);
            }

            _now = at;
            _queue.Dequeue()();
        }

        if (_changedAt is { } last)
        {
            Snapshot(last);
        }

        _now = time > _now ? time : _now;
    }

    /// <summary>Runs the model to <paramref name="end"/> and returns what it recorded.</summary>
    public ClusterTimeline Finish(TimeSpan end)
    {
        AdvanceTo(end);
        return new ClusterTimeline
        {
            Timings = _timings,
            Nodes = _scenario.AllNodes,
            Farms = _farms.Select(f => (f.Name, f.Instances.Count)).ToArray(),
            EveryNode = _everyNode.Select(e => e.Service).ToArray(),
            Records = _records.ToArray(),
            Snapshots = _snapshots.ToArray(),
            Final = Take(end),
            Duplicates = _duplicates.ToArray(),
        };
    }

    /// <summary>The processes on <paramref name="node"/>, cluster-placed first, in config order.</summary>
    private List<Copy> CopiesOn(string node) => _copies.Where(c => c.Node == node).OrderBy(c => _rank[c.Instance]).ToList();

    private void Schedule(TimeSpan at, Action action) => _queue.Enqueue(action, (at.Ticks, _seq++));

    private void After(TimeSpan delay, Action action) => Schedule(_now + delay, action);

    private void Record(string node, string ev, string detail, string? service = null, string? instance = null, string? from = null)
    {
        _records.Add(new ClusterRecord(_now, node, ev, service, instance, from, detail));
        if (instance is not null)
        {
            // A snapshot follows every instant at which an instance started, stopped or moved.
            _changedAt = _now;
        }
    }

    private void Snapshot(TimeSpan at)
    {
        _snapshots.Add(Take(at));
        _changedAt = null;
    }

    private PlacementSnapshot Take(TimeSpan at) => new(at, _scenario.AllNodes.Select(node => new NodePlacement(
        node,
        StatusOf(node),
        _copies.Where(c => c.Node == node).OrderBy(c => _rank[c.Instance]).Select(c => new PlacedCopy(c.Service, c.Instance, c.State)).ToArray())).ToArray());

    private string StatusOf(string node)
    {
        if (!_members.TryGetValue(node, out var m))
        {
            return "not started";
        }

        return m switch
        {
            { Left: true } => "left",
            { Leaving: true } => "leaving",
            { Status: MemberStatus.Removed, Alive: false } or { Status: MemberStatus.Up, Alive: false, Reachable: true } => "killed",
            { Status: MemberStatus.Up, Reachable: false, Alive: false } => "killed, unreachable",
            { Status: MemberStatus.Up, Reachable: false } => "cut off, unreachable",
            { Status: MemberStatus.Up, Isolated: true } => "cut off",
            { Status: MemberStatus.Up } => "up",
            { Status: MemberStatus.Down, Alive: false } => "killed, downed",
            { Status: MemberStatus.Down } => "downed",
            { Status: MemberStatus.Removed } => "downed, removed",
            _ => "unknown",
        };
    }

    private enum MemberStatus
    {
        Up,
        Down,
        Removed,
    }

    /// <summary>One incarnation of a node: a warden process that joined the cluster.</summary>
    private sealed class Member(string node, int age, int incarnation)
    {
        public string Node { get; } = node;

        public int Age { get; } = age;

        public int Incarnation { get; } = incarnation;

        public MemberStatus Status { get; set; } = MemberStatus.Up;

        /// <summary>Its warden process runs.</summary>
        public bool Alive { get; set; } = true;

        /// <summary>Its traffic is dropped (a partition).</summary>
        public bool Isolated { get; set; }

        /// <summary>As the rest of the cluster sees it.</summary>
        public bool Reachable { get; set; } = true;

        /// <summary>It is leaving (its warden was asked to stop): the least suitable home for a shard.</summary>
        public bool Leaving { get; set; }

        /// <summary>It left the cluster and its warden stopped.</summary>
        public bool Left { get; set; }

        public SbrMember AsSbr => new(Node, Age);
    }

    /// <summary>A process of an instance on a node.</summary>
    private sealed class Copy(string service, string instance, string node, bool placed)
    {
        public string Service { get; } = service;

        public string Instance { get; } = instance;

        public string Node { get; } = node;

        public bool Placed { get; } = placed;

        /// <summary>running, stopping or orphaned.</summary>
        public string State { get; set; } = "running";
    }

    /// <summary>One cluster-placed service: its shards (one per instance) and their regions, as its coordinator keeps them.</summary>
    private sealed class Farm(string name, IReadOnlyList<string> instances)
    {
        public string Name { get; } = name;

        public IReadOnlyList<string> Instances { get; } = instances;

        /// <summary>Registered regions, with their shards in allocation order.</summary>
        public Dictionary<Member, List<int>> Regions { get; } = new();

        public Member?[] Home { get; } = new Member?[instances.Count];

        /// <summary>The node each instance last ran on, for "moved from".</summary>
        public string?[] LastNode { get; } = new string?[instances.Count];

        public HashSet<int> HandingOff { get; } = new();
    }
}
