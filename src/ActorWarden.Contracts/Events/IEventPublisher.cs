using ActorWarden.Contracts.Control;

namespace ActorWarden.Contracts.Events;

/// <summary>
/// Where every part of the tree reports what happened. One seam so the JSON-lines file, the live
/// SSE stream and the status board all see the same events, and tests can capture them.
/// Publish must never block and never throw.
/// </summary>
public interface IEventPublisher
{
    void Publish(WardenEvent @event);
}
