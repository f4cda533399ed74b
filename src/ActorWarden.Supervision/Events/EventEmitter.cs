using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Events;

/// <summary>
/// Stamps events with the warden's clock before publishing them. Every producer goes through it so
/// that timestamps come from the actor system's scheduler (virtual under simulate, making runs byte-identical)
/// and never from the machine's wall clock.
/// </summary>
/// <remarks>
/// The stamps of one warden never go backwards. The scheduler's <c>Now</c> is wall time, which NTP or
/// an operator may step back, and actors on many threads read it at once, so two stamps could come out
/// in the wrong order. Each stamp is the later of the clock and the last stamp given, kept as UTC ticks
/// in one long and advanced with <see cref="Interlocked.CompareExchange(ref long, long, long)"/>: the
/// emitter is shared by every actor of the tree, at the edge where a domain event becomes a record for
/// the outside, and a lock-free maximum on one word is the least that makes it safe there — an actor
/// would cost a message per event and a lock would make every actor wait for the others' stamps.
/// </remarks>
public sealed class EventEmitter
{
    private readonly ITimeProvider _clock;
    private readonly IEventPublisher _publisher;
    private readonly string? _node;
    private long _lastTicks = long.MinValue;

    /// <param name="clock">The actor system's clock.</param>
    /// <param name="publisher">Where events go.</param>
    /// <param name="node">The cluster node every event is stamped with; null outside a cluster.</param>
    public EventEmitter(ITimeProvider clock, IEventPublisher publisher, string? node = null)
    {
        _node = node;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
    }

    /// <summary>The publisher events go to.</summary>
    public IEventPublisher Publisher => _publisher;

    /// <summary>Publishes one event: the payload is typed, its fields are spelled only where it is written out.</summary>
    public void Emit(string? service, string? instance, EventPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        _publisher.Publish(new WardenEvent(NextStamp(), service, instance, payload) { Node = _node });
    }

    /// <summary>The clock's time, or the last stamp given when the clock reads earlier than that.</summary>
    private DateTimeOffset NextStamp()
    {
        var now = _clock.UtcNow.UtcTicks;
        while (true)
        {
            var last = Volatile.Read(ref _lastTicks);
            if (now <= last)
            {
                return new DateTimeOffset(last, TimeSpan.Zero);
            }

            if (Interlocked.CompareExchange(ref _lastTicks, now, last) == last)
            {
                return new DateTimeOffset(now, TimeSpan.Zero);
            }
        }
    }
}
