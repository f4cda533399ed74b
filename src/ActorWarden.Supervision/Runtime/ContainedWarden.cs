using ActorWarden.Processes;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// A running warden whose status answers carry its launcher's containment and each tree's usage
/// (<see cref="ContainedStatus"/>); every other call goes to the warden unchanged. The composition
/// root wraps the production warden in it, so the API, the status page, /metrics and
/// <c>warden status</c> all show the same figures.
/// </summary>
public sealed class ContainedWarden : IWardenRuntime, IWardenControl
{
    private readonly IWardenRuntime _runtime;
    private readonly IProcessLauncher _launcher;

    public ContainedWarden(IWardenRuntime runtime, IProcessLauncher launcher)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
    }

    public IWardenControl Control => this;

    public Task WhenReady => _runtime.WhenReady;

    public Task<int> Completion => _runtime.Completion;

    public IReadOnlyList<string> ServiceNames => _runtime.Control.ServiceNames;

    public IReadOnlyList<string> GroupNames => _runtime.Control.GroupNames;

    public Task StartAsync(CancellationToken cancellationToken = default) => _runtime.StartAsync(cancellationToken);

    public Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _runtime.PingAsync(timeout, cancellationToken);

    public Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _runtime.StopAsync(timeout, cancellationToken);

    public ValueTask DisposeAsync() => _runtime.DisposeAsync();

    public async Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        ContainedStatus.Enrich(await _runtime.Control.GetStatusAsync(cancellationToken).ConfigureAwait(false), _launcher);

    public async Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        await _runtime.Control.GetServiceAsync(service, cancellationToken).ConfigureAwait(false) is { } instances
            ? ContainedStatus.Enrich(instances, _launcher)
            : null;

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.StartAsync(target, cancellationToken);

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.StopAsync(target, cancellationToken);

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.RestartAsync(target, cancellationToken);

    public Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default) => _runtime.Control.ReloadAsync(cancellationToken);

    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default) => _runtime.Control.SubscribeEvents(cancellationToken);

    public string? LogFilePath(string service, string? instance, string stream) => _runtime.Control.LogFilePath(service, instance, stream);
}
