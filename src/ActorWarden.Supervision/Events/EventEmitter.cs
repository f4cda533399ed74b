using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Supervision.Events;

/// <summary>
/// Stamps events with the warden's clock before publishing them. Every producer goes through it so
/// that timestamps come from the kernel scheduler (virtual under simulate, making runs byte-identical)
/// and never from the machine's wall clock.
/// </summary>
public sealed class EventEmitter
{
    private readonly ITimeProvider _clock;
    private readonly IEventPublisher _publisher;

    public EventEmitter(ITimeProvider clock, IEventPublisher publisher)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
    }

    /// <summary>The publisher events go to.</summary>
    public IEventPublisher Publisher => _publisher;

    /// <summary>Publishes one event; fields keep the order given, which is the order written to the file.</summary>
    public void Emit(string name, string? service, string? instance, params (string Key, object? Value)[] fields)
    {
        var map = new Dictionary<string, object?>(fields.Length, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            map[key] = value;
        }

        _publisher.Publish(new WardenEvent(_clock.UtcNow, name, service, instance, map));
    }
}
