using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Events;

/// <summary>
/// Lets an actor observe the event bus: each event becomes a message in its mailbox, so the actor
/// folds events one at a time on its own thread (no shared state) and the publisher never waits.
/// </summary>
public sealed class ActorEventForwarder : IEventPublisher
{
    private readonly IActorRef _target;
    private readonly Func<WardenEvent, bool>? _filter;

    /// <param name="target">The actor that receives every accepted <see cref="WardenEvent"/>.</param>
    /// <param name="filter">Optional predicate; events it rejects are not sent.</param>
    public ActorEventForwarder(IActorRef target, Func<WardenEvent, bool>? filter = null)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _filter = filter;
    }

    /// <inheritdoc />
    public void Publish(WardenEvent @event)
    {
        if (_filter is null || _filter(@event))
        {
            _target.Tell(@event, ActorRefs.NoSender);
        }
    }
}
