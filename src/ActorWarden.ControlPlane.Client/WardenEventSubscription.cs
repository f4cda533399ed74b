namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// An open <c>/v1/events</c> stream (see <see cref="WardenApiClient.SubscribeEventsAsync"/>). Reading
/// is pull-based so a caller can wait on the next event and on its own timers at once.
/// </summary>
public sealed class WardenEventSubscription : IDisposable
{
    private readonly WardenApiClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly ServerSentEventReader _events;

    internal WardenEventSubscription(WardenApiClient client, HttpResponseMessage response, StreamReader reader)
    {
        _client = client;
        _response = response;
        _reader = reader;
        _events = new ServerSentEventReader(reader);
    }

    /// <summary>The next event, or null when the warden ended the stream.</summary>
    public async Task<StreamedEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var data = await _client.ReadStreamAsync(() => _events.ReadEventDataAsync(cancellationToken), cancellationToken);
        return data is null ? null : _client.ParseEvent(data);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
