using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;


namespace ActorWarden.Host.Runtime;

/// <summary>
/// The <see cref="IWardenControl"/> the host hands to every front end: the runtime's own control
/// with reloads serialized and announced to the observers, so a reload from the HTTP API is reported
/// to systemd exactly like one from SIGHUP.
/// </summary>
internal sealed class ReloadAnnouncingControl : IWardenControl, IDisposable
{
    private readonly IWardenControl _inner;
    private readonly IReadOnlyList<IReloadObserver> _observers;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);

    public ReloadAnnouncingControl(IWardenControl inner, IEnumerable<IReloadObserver> observers)
    {
        _inner = inner;
        _observers = observers.ToArray();
    }

    public IReadOnlyList<string> ServiceNames => _inner.ServiceNames;

    public IReadOnlyList<string> GroupNames => _inner.GroupNames;

    public Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default) => _inner.GetStatusAsync(cancellationToken);

    public Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        _inner.GetServiceAsync(service, cancellationToken);

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => _inner.StartAsync(target, cancellationToken);

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => _inner.StopAsync(target, cancellationToken);

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => _inner.RestartAsync(target, cancellationToken);

    public async Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        ControlResult? result = null;
        try
        {
            foreach (var observer in _observers)
            {
                observer.ReloadStarting();
            }

            result = await _inner.ReloadAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            foreach (var observer in _observers)
            {
                observer.ReloadFinished(result);
            }

            _reloadGate.Release();
        }
    }

    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default) =>
        _inner.SignalAsync(target, signal, group, cancellationToken);

    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) =>
        _inner.ReloadServiceAsync(target, cancellationToken);

    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default) => _inner.SubscribeEvents(cancellationToken);

    public IDisposable ObserveEvents(IEventPublisher observer) => _inner.ObserveEvents(observer);

    public string? LogFilePath(string service, string? instance, string stream) => _inner.LogFilePath(service, instance, stream);

    public void Dispose() => _reloadGate.Dispose();
}
