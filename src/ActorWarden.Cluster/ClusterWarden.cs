using ActorWarden.Cluster.Containment;
using ActorWarden.Cluster.Placement;
using ActorWarden.Cluster.Status;
using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace ActorWarden.Cluster;

/// <summary>
/// A warden that is a node of a warden cluster. Wraps the node's own warden (which runs the local and
/// every-node services and the placed instances the cluster gives this node) and adds the cluster:
/// one shard region per cluster-placed service, the keeper, the placement host, the status peer and
/// the death watch. Status answers for the whole cluster; everything else goes to the local warden.
/// </summary>
public sealed class ClusterWarden : IWardenRuntime, IWardenControl
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(15);

    private readonly IWardenRuntime _local;
    private readonly PlacementPlan _plan;
    private readonly ComposedSettings _composed;
    private readonly Func<ActorSystem> _system;
    private readonly Func<WardenSettings> _loadFile;
    private readonly NodeDeathWatch _deathWatch;
    private readonly PlacedProcessEvents _processEvents;
    private readonly Serilog.ILogger _log;
    private Akka.Cluster.Cluster? _cluster;
    private IActorRef? _host;

    internal ClusterWarden(IWardenRuntime local, PlacementPlan plan, ComposedSettings composed, Func<ActorSystem> system, Func<WardenSettings> loadFile, NodeDeathWatch deathWatch, PlacedProcessEvents processEvents, Serilog.ILogger log)
    {
        _local = local;
        _plan = plan;
        _composed = composed;
        _system = system;
        _loadFile = loadFile;
        _deathWatch = deathWatch;
        _processEvents = processEvents;
        _log = log;
    }

    /// <summary>This node as status and operators name it: host:port.</summary>
    public string Node => _plan.Settings.Cluster.NodeAddress;

    public IWardenControl Control => this;

    public Task WhenReady => _local.WhenReady;

    public Task<int> Completion => _local.Completion;

    public IReadOnlyList<string> ServiceNames => _local.Control.ServiceNames;

    public IReadOnlyList<string> GroupNames => _local.Control.GroupNames;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _deathWatch.Start();
        await _local.StartAsync(cancellationToken).ConfigureAwait(false);
        var system = _system();
        _cluster = Akka.Cluster.Cluster.Get(system);
        _host = system.ActorOf(PlacementHost.Props(_plan, _local.Control, _composed), "cluster-placement");
        _processEvents.Attach(_host);
        system.ActorOf(ClusterStatusPeer.Props(Node, LocalStatusAsync, _local.Control), ClusterStatusPeer.Name);
        var sharding = ClusterSharding.Get(system);
        var farms = new List<(IActorRef, IReadOnlyList<string>)>();
        foreach (var farm in _plan.Farms)
        {
            var host = _host;
            var plan = _plan;
            var settings = ClusterShardingSettings.Create(system);

            // A handing-off entity waits for its stop ladder; past it (plus a margin) it ends anyway.
            var releaseTimeout = farm.Stop.Timeout + TimeSpan.FromSeconds(5);
            var region = await sharding.StartAsync(
                "placement-" + farm.Name,
                entityId => PlacedInstanceActor.Props(host, plan.Find(entityId) ?? throw new ArgumentException($"no placed instance is named {entityId}"), releaseTimeout),
                settings,
                new PlacementExtractor(_plan),
                sharding.DefaultShardAllocationStrategy(settings),
                HandOff.Instance).ConfigureAwait(false);
            farms.Add((region, farm.InstanceNames));
        }

        system.ActorOf(PlacementKeeper.Props(farms, Hosting.ClusterAkkaConfig.KeepAliveInterval(_plan.Settings.Cluster), _plan.Settings.Cluster.MinNodes), "cluster-keeper");
        _log.Information("Cluster node {Node} started: {Farms} cluster-placed service(s), seeds {Seeds}", Node, _plan.Farms.Count, string.Join(", ", _plan.Settings.Cluster.SeedNodes));
    }

    public Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _local.PingAsync(timeout, cancellationToken);

    /// <summary>Leaves the cluster first, so the placed instances hand over to the other nodes, then stops the local warden.</summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_cluster is { } cluster && timeout > TimeSpan.Zero && cluster.SelfMember.Status == MemberStatus.Up)
        {
            using var leave = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            leave.CancelAfter(LeaveTimeout);
            try
            {
                await cluster.LeaveAsync(leave.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _log.Warning("Leaving the cluster took longer than {Seconds} s; stopping anyway", LeaveTimeout.TotalSeconds);
            }
        }

        await _local.StopAsync(timeout, cancellationToken).ConfigureAwait(false);
        _deathWatch.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync().ConfigureAwait(false);
        _deathWatch.Dispose();
    }

    /// <summary>Every instance of the cluster, each with its node, and the member list; nodes that do not answer in time are listed as not answered.</summary>
    public async Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var self = await LocalStatusAsync(cancellationToken).ConfigureAwait(false);
        if (_cluster is not { } cluster)
        {
            return self;
        }

        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var others = state.Members
            .Where(m => m.Address != cluster.SelfAddress && !unreachable.Contains(m.Address) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)
            .ToList();
        var replies = await Task.WhenAll(others.Select(m => AskPeerAsync(cluster.System, m.Address, cancellationToken))).ConfigureAwait(false);
        var answered = replies.Where(r => r is not null).Select(r => r!.Value.Address).ToHashSet();
        var nodes = state.Members
            .Select(m => new ClusterNodeStatus(
                AddressOf(m.Address),
                m.Status.ToString().ToLowerInvariant(),
                !unreachable.Contains(m.Address),
                m.Address == cluster.SelfAddress,
                m.Address == cluster.SelfAddress || answered.Contains(m.Address)))
            .ToList();
        return ClusterStatusView.Merge(self, replies.Where(r => r is not null).Select(r => r!.Value.Status).ToList(), nodes);
    }

    public async Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        if (_plan.Farms.Any(f => f.Name == service))
        {
            var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
            return status.Instances.Where(i => i.Service == service).ToList();
        }

        var rows = await _local.Control.GetServiceAsync(service, cancellationToken).ConfigureAwait(false);
        return rows?.Select(r => _plan.AsClusterRow(r, Node)).ToList();
    }

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => CommandAsync("start", target, cancellationToken);

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => CommandAsync("stop", target, cancellationToken);

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => CommandAsync("restart", target, cancellationToken);

    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default) => _local.Control.SignalAsync(target, signal, group, cancellationToken);

    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) => _local.Control.ReloadServiceAsync(target, cancellationToken);

    /// <summary>The operator's reload: re-read the file and apply it with the instances hosted here, through the placement host (one reload at a time).</summary>
    public async Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not { } host)
        {
            return ControlResult.Failed("the cluster node has not started");
        }

        return await host.Ask<ControlResult>(new ReloadFromFile(_loadFile), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default) => _local.Control.SubscribeEvents(cancellationToken);

    public IDisposable ObserveEvents(IEventPublisher observer) => _local.Control.ObserveEvents(observer);

    public string? LogFilePath(string service, string? instance, string stream) => _local.Control.LogFilePath(service, instance, stream);

    /// <summary>
    /// A cluster-placed farm or one of its instances is commanded on the nodes that run it (from any
    /// node); anything else is this node's own. A stopped placed instance stays stopped where it is,
    /// and starts again if the cluster moves it.
    /// </summary>
    private async Task<ControlResult> CommandAsync(string verb, string target, CancellationToken cancellationToken)
    {
        var trimmed = target?.Trim() ?? "";
        var farm = _plan.Farms.FirstOrDefault(f => f.Name == trimmed);
        if ((farm is null && _plan.Find(trimmed) is null) || _cluster is not { } cluster)
        {
            return await NodeCommandRunner.Run(_local.Control, new NodeCommand(verb, trimmed)).ConfigureAwait(false);
        }

        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var rows = status.Instances.Where(i => farm is not null ? i.Service == farm.Name : i.Name == trimmed).ToList();
        if (rows.Count == 0)
        {
            return ControlResult.NotFound($"`{trimmed}` runs on no node that answered; the cluster places it within seconds of a node being up");
        }

        var results = await Task.WhenAll(rows.Select(row => row.Node == Node
            ? NodeCommandRunner.Run(_local.Control, new NodeCommand(verb, row.Name))
            : RemoteCommandAsync(cluster, row.Node!, new NodeCommand(verb, row.Name), cancellationToken))).ConfigureAwait(false);
        return results.FirstOrDefault(r => r.Kind != ControlOutcome.Ok)
            ?? ControlResult.Ok(string.Join("; ", results.Select(r => r.Message)), results.SelectMany(r => r.Affected).ToList());
    }

    private async Task<ControlResult> RemoteCommandAsync(Akka.Cluster.Cluster cluster, string node, NodeCommand command, CancellationToken cancellationToken)
    {
        var member = cluster.State.Members.FirstOrDefault(m => AddressOf(m.Address) == node);
        if (member is null)
        {
            return ControlResult.Failed($"node {node} left the cluster before `{command.Instance}` could be commanded there");
        }

        try
        {
            var peer = cluster.System.ActorSelection(new RootActorPath(member.Address) / "user" / ClusterStatusPeer.Name);
            var reply = await peer.Ask<NodeCommandReply>(command, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return reply.ToResult() with { Message = $"{reply.Message} (on {node})" };
        }
        catch (Exception ex) when (ex is AskTimeoutException or TimeoutException)
        {
            return ControlResult.Failed($"node {node} did not answer the {command.Verb} of `{command.Instance}` in time");
        }
    }

    private async Task<WardenStatus> LocalStatusAsync(CancellationToken cancellationToken) =>
        ClusterStatusView.AsNode(await _local.Control.GetStatusAsync(cancellationToken).ConfigureAwait(false), _plan, Node);

    private async Task<(Address Address, WardenStatus Status)?> AskPeerAsync(ActorSystem system, Address address, CancellationToken cancellationToken)
    {
        try
        {
            var peer = system.ActorSelection(new RootActorPath(address) / "user" / ClusterStatusPeer.Name);
            var reply = await peer.Ask<NodeStatusReply>(new NodeStatusRequest(), PeerTimeout, cancellationToken).ConfigureAwait(false);
            return (address, NodeStatusJson.Read(reply.Json));
        }
        catch (Exception ex) when (ex is AskTimeoutException or TimeoutException or System.Text.Json.JsonException)
        {
            _log.Debug("Node {Node} did not answer the status request: {Reason}", AddressOf(address), ex.Message);
            return null;
        }
    }

    private static string AddressOf(Address address) => $"{address.Host}:{address.Port}";
}
