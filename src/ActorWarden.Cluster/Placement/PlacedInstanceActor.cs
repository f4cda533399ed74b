using Akka.Actor;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// The sharded entity for one placed instance (<c>web-3</c>). Sharding keeps at most one of it in the
/// cluster; while it lives, its node hosts the instance. It asks the node's <see cref="PlacementHost"/>
/// to run the instance when it starts and to stop it when it ends, which is how a handoff (rebalance
/// to a joining node, a node leaving) stops the process gracefully.
/// </summary>
internal sealed class PlacedInstanceActor : ReceiveActor
{
    private readonly IActorRef _host;
    private readonly PlacedInstance _placed;

    private PlacedInstanceActor(IActorRef host, PlacedInstance placed)
    {
        _host = host;
        _placed = placed;

        // The keeper's pings only keep the entity alive; there is nothing to do with them.
        Receive<PlaceInstance>(_ => { });
    }

    public static Props Props(IActorRef host, PlacedInstance placed) =>
        Supervision.Hosting.ActorProps.Of(() => new PlacedInstanceActor(host, placed));

    protected override void PreStart() => _host.Tell(new HostInstance(_placed), Self);

    protected override void PostStop() => _host.Tell(new ReleaseInstance(_placed), ActorRefs.NoSender);
}
