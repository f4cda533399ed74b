using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.ControlPlane.Events;

/// <summary>
/// The last events the control plane has seen, so a status page opened after a crash loop can show it
/// (the live stream only carries what happens after a client connects). It observes the warden's events
/// where they are published (<see cref="IWardenControl.ObserveEvents"/>): a reader of the event stream
/// woke a pool thread for every event, six per restart. The warden's event file stays the complete record.
/// </summary>
internal sealed class RecentEvents : IEventPublisher, IAsyncDisposable
{
    private readonly Queue<WardenEvent> _events = new();
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private IDisposable? _observation;

    private RecentEvents(int capacity)
    {
        _capacity = capacity;
    }

    /// <summary>Observes the warden's events and keeps the last <paramref name="capacity"/>.</summary>
    public static RecentEvents Start(IWardenControl control, int capacity)
    {
        ArgumentNullException.ThrowIfNull(control);
        var recent = new RecentEvents(capacity);
        recent._observation = control.ObserveEvents(recent);
        return recent;
    }

    /// <summary>Up to <paramref name="limit"/> events, oldest first.</summary>
    public IReadOnlyList<WardenEvent> Last(int limit)
    {
        lock (_gate)
        {
            return _events.Skip(Math.Max(0, _events.Count - limit)).ToArray();
        }
    }

    /// <inheritdoc />
    public void Publish(WardenEvent @event)
    {
        lock (_gate)
        {
            _events.Enqueue(@event);
            if (_events.Count > _capacity)
            {
                _events.Dequeue();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _observation, null)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
