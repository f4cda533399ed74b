using System.Collections.Concurrent;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>Records every event published, in order.</summary>
public sealed class EventCapture : IEventPublisher
{
    private readonly ConcurrentQueue<WardenEvent> _events = new();

    public IReadOnlyList<WardenEvent> All => _events.ToArray();

    public void Publish(WardenEvent @event) => _events.Enqueue(@event);

    public IReadOnlyList<WardenEvent> Named(string name, string? instance = null) =>
        All.Where(e => e.Event == name && (instance is null || e.Instance == instance)).ToArray();

    /// <summary>The "to" states of an instance's state events, in order.</summary>
    public IReadOnlyList<string> States(string instance) =>
        Named(EventNames.State, instance).Select(e => (string)e.Fields["to"]!).ToArray();

    public IReadOnlyList<WardenEvent> Directives(string level) =>
        Named(EventNames.Directive).Where(e => (string?)e.Fields["level"] == level).ToArray();
}
