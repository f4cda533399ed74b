using System.Runtime.CompilerServices;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Host.ServiceProbe;

/// <summary>The control seam of the probe: nothing to operate, only enough to satisfy the host.</summary>
internal sealed class ProbeControl : IWardenControl
{
    private readonly string _configFile;

    public ProbeControl(string configFile) => _configFile = configFile;

    public IReadOnlyList<string> ServiceNames => new[] { "child" };

    public IReadOnlyList<string> GroupNames => new[] { "child" };

    public Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new WardenStatus(_configFile, TimeSpan.Zero, Array.Empty<GroupStatus>(), Array.Empty<InstanceStatus>(), new WardenRuntimeStats(0, 0, 0, 0, 0, 0)));

    public Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InstanceStatus>?>(null);

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.NotFound(target));

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.NotFound(target));

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.NotFound(target));

    public Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("nothing to reload", Array.Empty<string>()));

    public async IAsyncEnumerable<WardenEvent> SubscribeEvents([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public string? LogFilePath(string service, string? instance, string stream) => null;
}
