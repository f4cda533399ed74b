using Akka.Actor;
using Akka.Cluster;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// One per node: once the node is Up, tells every farm's shard region, each second (or each
/// gossip-interval when shorter: <c>ClusterAkkaConfig.KeepAliveInterval</c>), that each of the
/// farm's instances should exist. Sharding starts a missing entity where its shard is allocated, so an
/// instance whose node was downed comes back on a survivor at the next tick, and the set of instances
/// follows from the config alone: nothing is remembered on disk, and a cluster restarted from scratch
/// places everything again (Akka's ShardedDaemonProcess keeps its workers alive the same way).
/// The first placement waits until <c>min-nodes</c> nodes are up, and one tick more for their shard
/// regions to register, so the first spread is even. (Akka's own min-nr-of-members would also gate
/// the sharding coordinator, and a coordinator that moves after its node is lost would then refuse
/// to place anything while fewer nodes remain.)
/// </summary>
internal sealed class PlacementKeeper : ReceiveActor, IWithTimers
{
    private readonly IReadOnlyList<(IActorRef Region, IReadOnlyList<string> Instances)> _farms;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly TimeSpan _interval;
    private bool _formed;

    private PlacementKeeper(IReadOnlyList<(IActorRef Region, IReadOnlyList<string> Instances)> farms, TimeSpan interval, int minNodes)
    {
        _farms = farms;
        Receive<Tick>(_ =>
        {
            if (_cluster.SelfMember.Status != MemberStatus.Up)
            {
                return;
            }

            if (!_formed)
            {
                _formed = _cluster.State.Members.Count(m => m.Status == MemberStatus.Up) >= minNodes;
                return;
            }

            foreach (var (region, instances) in _farms)
            {
                foreach (var instance in instances)
                {
                    region.Tell(new PlaceInstance(instance), ActorRefs.NoSender);
                }
            }
        });
        _interval = interval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<(IActorRef Region, IReadOnlyList<string> Instances)> farms, TimeSpan interval, int minNodes) =>
        Supervision.Hosting.ActorProps.Of(() => new PlacementKeeper(farms, interval, minNodes));

    protected override void PreStart() => Timers.StartPeriodicTimer("keep-alive", Tick.Instance, _interval);

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
