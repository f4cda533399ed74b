using System.Runtime.CompilerServices;
using ActorWarden.Contracts.Control;

namespace ActorWarden.Benchmarks.ControlPlane;

/// <summary>
/// A fixed tree of 100 services x 10 instances in 10 groups, answered from memory, so the benchmark
/// measures the control plane (routing, auth, serialisation, Kestrel) and not the actors.
/// </summary>
public sealed class ThousandInstanceWardenControl : IWardenControl
{
    private readonly WardenStatus _status;

    public ThousandInstanceWardenControl()
    {
        var groups = new List<GroupStatus>();
        var instances = new List<InstanceStatus>();
        for (var g = 0; g < 10; g++)
        {
            var services = Enumerable.Range(0, 100).Where(s => s % 10 == g).Select(s => $"svc{s:D3}").ToArray();
            groups.Add(new GroupStatus($"group{g}", "one-for-one", services, false));
            foreach (var service in services)
            {
                for (var i = 1; i <= 10; i++)
                {
                    instances.Add(new InstanceStatus(
                        $"{service}-{i}", service, $"group{g}", $"/user/warden/group{g}/{service}/{service}-{i}",
                        i % 7 == 0 ? ProcessState.Backoff : ProcessState.Running, 20_000 + instances.Count,
                        TimeSpan.FromSeconds(1234.5 + i), i % 3, i % 7 == 0 ? 1 : null, null, "healthy", 25_000_000 + i, null));
                }
            }
        }

        _status = new WardenStatus("/etc/warden/warden.conf", TimeSpan.FromDays(3), groups, instances, new WardenRuntimeStats(0, 40_000_000, 90_000_000, 14));
        ServiceNames = groups.SelectMany(g => g.Services).ToArray();
        GroupNames = groups.Select(g => g.Name).ToArray();
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public IReadOnlyList<string> GroupNames { get; }

    public int InstanceCount => _status.Instances.Count;

    public Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(_status);

    public Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InstanceStatus>?>(_status.Instances.Where(i => i.Service == service).ToArray());

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("ok", []));

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("ok", []));

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("ok", []));

    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("ok", []));

    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("ok", []));

    public Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("ok", []));

    public async IAsyncEnumerable<WardenEvent> SubscribeEvents([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public string? LogFilePath(string service, string? instance, string stream) => null;
}
