using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using Akka.Actor;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// Tells the node's <see cref="PlacementHost"/> when a placed instance's process starts and ends, from
/// the warden's own events (the host cannot learn it from status: a reload drops the row at once,
/// while the stop ladder still runs). Attached once the host exists; no placed instance runs before.
/// </summary>
internal sealed class PlacedProcessEvents : IEventPublisher
{
    private readonly PlacementPlan _plan;
    private IActorRef? _host;

    public PlacedProcessEvents(PlacementPlan plan) => _plan = plan;

    public void Attach(IActorRef host) => Volatile.Write(ref _host, host);

    public void Publish(WardenEvent @event)
    {
        if (@event.Instance is not { } instance || _plan.Find(instance) is null || Volatile.Read(ref _host) is not { } host)
        {
            return;
        }

        switch (@event.Payload)
        {
            case StartedEvent:
                host.Tell(new InstanceProcess(instance, true), ActorRefs.NoSender);
                break;
            case ExitedEvent or StoppedEvent or KilledEvent or SpawnFailedEvent:
                host.Tell(new InstanceProcess(instance, false), ActorRefs.NoSender);
                break;
        }
    }
}
