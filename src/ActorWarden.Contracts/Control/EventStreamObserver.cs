using ActorWarden.Contracts.Events;

namespace ActorWarden.Contracts.Control;

/// <summary>
/// An observer fed from an event stream, for an <see cref="IWardenControl"/> that only offers the
/// stream: reads it on the thread pool until disposed. An observer that throws stops its feed.
/// </summary>
internal sealed class EventStreamObserver : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private EventStreamObserver()
    {
    }

    public static IDisposable Start(Func<CancellationToken, IAsyncEnumerable<WardenEvent>> subscribe, IEventPublisher observer)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        ArgumentNullException.ThrowIfNull(observer);
        var feed = new EventStreamObserver();
        var token = feed._stop.Token;
        var stream = subscribe(token);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var wardenEvent in stream.WithCancellation(token).ConfigureAwait(false))
                {
                    observer.Publish(wardenEvent);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Disposed.
            }
        }, CancellationToken.None);
        return feed;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }
    }
}
