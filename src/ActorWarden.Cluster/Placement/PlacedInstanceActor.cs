using Akka.Actor;
using ActorWarden.Config;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// The sharded entity for one placed instance (<c>web-3</c>). Sharding keeps at most one of it in the
/// cluster; while it lives, its node hosts the instance. It asks the node's <see cref="PlacementHost"/>
/// to run the instance when it starts and to stop it when it ends. At a handoff (rebalance to a joining
/// node, a node leaving) it ends only once the process is down here, so sharding starts the instance on
/// its new node after its stop ladder has finished, not beside it; <c>releaseTimeout</c> bounds the wait.
/// </summary>
internal sealed class PlacedInstanceActor : ReceiveActor, IWithTimers
{
    private readonly IActorRef _host;
    private readonly PlacedInstance _placed;
    private readonly TimeSpan _releaseTimeout;

    private PlacedInstanceActor(IActorRef host, PlacedInstance placed, TimeSpan releaseTimeout)
    {
        _host = host;
        _placed = placed;
        _releaseTimeout = releaseTimeout;

        // The keeper's pings only keep the entity alive; there is nothing to do with them.
        Receive<PlaceInstance>(_ => { });
        Receive<HandOff>(_ =>
        {
            _host.Tell(new ReleaseInstance(_placed, Self));
            Timers.StartSingleTimer("release", ReleaseTimedOut.Instance, _releaseTimeout);
            Become(Releasing);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef host, PlacedInstance placed, TimeSpan releaseTimeout) =>
        Supervision.Hosting.ActorProps.Of(() => new PlacedInstanceActor(host, placed, releaseTimeout));

    private void Releasing()
    {
        Receive<PlaceInstance>(_ => { });
        Receive<HandOff>(_ => { });
        Receive<InstanceReleased>(_ => Context.Stop(Self));
        Receive<ReleaseTimedOut>(_ => Context.Stop(Self));
    }

    protected override void PreStart() => _host.Tell(new HostInstance(_placed), Self);

    protected override void PostStop() => _host.Tell(new ReleaseInstance(_placed), ActorRefs.NoSender);

    private sealed record ReleaseTimedOut
    {
        public static ReleaseTimedOut Instance { get; } = new();
    }
}
