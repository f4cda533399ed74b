using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// A running warden whose status answers carry its launcher's containment and each tree's usage
/// (<see cref="ContainedStatus"/>); every other call goes to the warden unchanged. The composition
/// root wraps the production warden in it, so the API, the status page, /metrics and
/// <c>warden status</c> all show the same figures.
/// </summary>
public sealed class ContainedWarden : IWardenRuntime, IWardenControl
{
    /// <summary>How long one reading of a tree's usage answers every status query: 200 clients asking at once cost one read per tree, not 200.</summary>
    internal static readonly TimeSpan UsageFreshFor = TimeSpan.FromMilliseconds(500);

    private readonly IWardenRuntime _runtime;
    private readonly IProcessLauncher _launcher;

    // Swapped whole, never changed in place: concurrent queries read one snapshot or the next.
    private UsageSnapshot _usage = new(0, new Dictionary<int, ResourceUsage?>());

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

    public async Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = await _runtime.Control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return ContainedStatus.Enrich(status, _launcher, Reader(status.Instances));
    }

    public async Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        await _runtime.Control.GetServiceAsync(service, cancellationToken).ConfigureAwait(false) is { } instances
            ? ContainedStatus.Enrich(instances, _launcher, Reader(instances))
            : null;

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.StartAsync(target, cancellationToken);

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.StopAsync(target, cancellationToken);

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.RestartAsync(target, cancellationToken);

    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default) => _runtime.Control.SignalAsync(target, signal, group, cancellationToken);

    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) => _runtime.Control.ReloadServiceAsync(target, cancellationToken);

    public Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default) => _runtime.Control.ReloadAsync(cancellationToken);

    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default) => _runtime.Control.SubscribeEvents(cancellationToken);

    public IDisposable ObserveEvents(IEventPublisher observer) => _runtime.Control.ObserveEvents(observer);

    public string? LogFilePath(string service, string? instance, string stream) => _runtime.Control.LogFilePath(service, instance, stream);

    /// <summary>Usage by pid from a snapshot at most <see cref="UsageFreshFor"/> old, read again for every pid when older or incomplete.</summary>
    private Func<int, ResourceUsage?> Reader(IReadOnlyList<InstanceStatus> instances)
    {
        var snapshot = Volatile.Read(ref _usage);
        var now = Environment.TickCount64;
        var fresh = now - snapshot.TakenAt < (long)UsageFreshFor.TotalMilliseconds
            && instances.All(i => i.Pid is not { } pid || snapshot.ByPid.ContainsKey(pid));
        if (!fresh && _launcher.Containment != ContainmentMode.None)
        {
            var byPid = new Dictionary<int, ResourceUsage?>(instances.Count);
            foreach (var instance in instances)
            {
                if (instance.Pid is { } pid)
                {
                    byPid[pid] = _launcher.ReadUsage(pid);
                }
            }

            snapshot = new UsageSnapshot(now, byPid);
            Volatile.Write(ref _usage, snapshot);
        }

        return pid => snapshot.ByPid.GetValueOrDefault(pid);
    }

    private sealed record UsageSnapshot(long TakenAt, IReadOnlyDictionary<int, ResourceUsage?> ByPid);
}
