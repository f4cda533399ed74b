using System.Threading.Channels;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes.Diagnostics;

namespace ActorWarden.Supervision.Events;

/// <summary>
/// In-process fan-out of every <see cref="WardenEvent"/> to its observers (JSON-lines writer, status
/// board, dependency tracker, SSE streams). Publishing walks an immutable snapshot of the observers, so
/// it never takes a lock, never blocks the actor that publishes, and an observer that throws is
/// isolated from the others.
/// </summary>
public sealed class EventBus : IEventPublisher
{
    private static readonly Stage PublishStage = StageCosts.Register("event bus");

    private IEventPublisher[] _observers = Array.Empty<IEventPublisher>();
    private int _completed;
    private long _observerFaults;

    /// <summary>Number of times an observer threw (the event still reached every other observer).</summary>
    public long ObserverFaults => Interlocked.Read(ref _observerFaults);

    /// <summary>True once <see cref="Complete"/> ran; later events are dropped.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <inheritdoc />
    public void Publish(WardenEvent @event)
    {
        if (@event is null || IsCompleted)
        {
            return;
        }

        using var stage = StageCosts.Enter(PublishStage);
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.Publish(@event);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _observerFaults);
            }
        }
    }

    /// <summary>Adds an observer until the returned handle is disposed.</summary>
    public IDisposable Subscribe(IEventPublisher observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Update(current => [.. current, observer]);
        return new Subscription(this, observer);
    }

    /// <summary>
    /// A live stream for one reader (an SSE client): bounded, and when the reader falls behind the oldest
    /// events are dropped, so a stalled client costs at most <paramref name="capacity"/> events of memory.
    /// The stream completes when the bus completes or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<WardenEvent> ReadAllAsync(
        int capacity,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<WardenEvent>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        var writer = new ChannelObserver(channel.Writer);
        using var subscription = Subscribe(writer);
        if (IsCompleted)
        {
            writer.Complete();
        }

        await using var registration = cancellationToken.Register(writer.Complete);
        while (await channel.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (channel.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    /// <summary>Ends every live stream; later events are dropped. Called once the warden has stopped.</summary>
    public void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        foreach (var observer in Volatile.Read(ref _observers))
        {
            if (observer is ChannelObserver channel)
            {
                channel.Complete();
            }
        }
    }

    private void Update(Func<IEventPublisher[], IEventPublisher[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _observers);
            var next = change(current);
            if (Interlocked.CompareExchange(ref _observers, next, current) == current)
            {
                return;
            }
        }
    }

    private sealed class Subscription(EventBus bus, IEventPublisher observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Update(current => current.Where(o => !ReferenceEquals(o, observer)).ToArray());
            }
        }
    }

    private sealed class ChannelObserver(ChannelWriter<WardenEvent> writer) : IEventPublisher
    {
        public void Publish(WardenEvent @event) => writer.TryWrite(@event);

        public void Complete() => writer.TryComplete();
    }
}
