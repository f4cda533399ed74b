using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ActorWarden.Contracts.Control;

namespace ActorWarden.Host.Tests.Fakes;

/// <summary>A control surface whose status, events and reload answers the test scripts.</summary>
public sealed class FakeWardenControl : IWardenControl
{
    private readonly Channel<WardenEvent> _events = Channel.CreateUnbounded<WardenEvent>();
    private volatile WardenStatus _status = StatusOf();
    private int _reloads;

    public IReadOnlyList<string> ServiceNames => _status.Instances.Select(i => i.Service).Distinct().ToArray();

    public IReadOnlyList<string> GroupNames => Array.Empty<string>();

    public ControlResult ReloadResult { get; set; } = ControlResult.Ok("reloaded", new[] { "web" });

    /// <summary>When set, ReloadAsync waits for it, so a test can observe what happens during a reload.</summary>
    public TaskCompletionSource? ReloadGate { get; set; }

    public int Reloads => Volatile.Read(ref _reloads);

    public TaskCompletionSource ReloadCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Subscribers { get; private set; }

    public void SetStates(params ProcessState[] states) => _status = StatusOf(states);

    /// <summary>Changes the status and publishes an event, as the tree does on every transition.</summary>
    public void Transition(string @event, params ProcessState[] states)
    {
        SetStates(states);
        _events.Writer.TryWrite(new WardenEvent(DateTimeOffset.UnixEpoch, @event, "web", "web-1", new Dictionary<string, object?>()));
    }

    public Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(_status);

    public Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InstanceStatus>?>(_status.Instances.Where(i => i.Service == service).ToArray());

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("started", new[] { target }));

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("stopped", new[] { target }));

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("restarted", new[] { target }));

    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("signalled", new[] { target }));

    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) => Task.FromResult(ControlResult.Ok("reloaded", new[] { target }));

    public async Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reloads);
        ReloadCalled.TrySetResult();
        if (ReloadGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return ReloadResult;
    }

    public async IAsyncEnumerable<WardenEvent> SubscribeEvents([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Subscribers++;
        while (await _events.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_events.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    public string? LogFilePath(string service, string? instance, string stream) => null;

    private static WardenStatus StatusOf(params ProcessState[] states) => new(
        "/etc/warden.conf",
        TimeSpan.Zero,
        Array.Empty<GroupStatus>(),
        states.Select((state, i) => new InstanceStatus($"web-{i + 1}", "web", "web", $"/user/warden/web/web-{i + 1}", state, null, null, 0, null, null, "none", null, null)).ToArray(),
        new WardenRuntimeStats(0, 0, 0, 0));
}
