using ActorWarden.Contracts.Control;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Events;

/// <summary>
/// The last events the control plane has seen, so a status page opened after a crash loop can show it
/// (the live stream only carries what happens after a client connects). It is one more subscriber of
/// the event bus, started with the server; the warden's event file stays the complete record.
/// </summary>
internal sealed class RecentEvents : IAsyncDisposable
{
    private readonly Queue<WardenEvent> _events = new();
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _recording;

    private RecentEvents(IWardenControl control, int capacity, ILogger logger)
    {
        _capacity = capacity;
        _recording = RecordAsync(control, logger, _stop.Token);
    }

    /// <summary>Subscribes to the warden's events and keeps the last <paramref name="capacity"/>.</summary>
    public static RecentEvents Start(IWardenControl control, int capacity, ILogger logger) => new(control, capacity, logger);

    /// <summary>Up to <paramref name="limit"/> events, oldest first.</summary>
    public IReadOnlyList<WardenEvent> Last(int limit)
    {
        lock (_gate)
        {
            return _events.Skip(Math.Max(0, _events.Count - limit)).ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            // A subscription that ignores cancellation is abandoned rather than awaited forever.
            await _recording.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private async Task RecordAsync(IWardenControl control, ILogger logger, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var wardenEvent in control.SubscribeEvents(ct).WithCancellation(ct))
            {
                lock (_gate)
                {
                    _events.Enqueue(wardenEvent);
                    if (_events.Count > _capacity)
                    {
                        _events.Dequeue();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server is stopping.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "control plane: recent events stopped recording: {Message}", ex.Message);
        }
    }
}
