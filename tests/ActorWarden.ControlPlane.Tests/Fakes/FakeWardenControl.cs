using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts;

namespace ActorWarden.ControlPlane.Tests.Fakes;

/// <summary>
/// Scriptable stand-in for the supervision tree: holds a status snapshot, records every command,
/// lets tests publish events to live subscribers and point log paths at temp files.
/// </summary>
public sealed class FakeWardenControl : IWardenControl
{
    private readonly object _gate = new();
    private readonly List<Channel<WardenEvent>> _subscribers = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentQueue<(string Service, string? Instance, string Stream)> _logLookups = new();
    private List<GroupStatus> _groups;
    private List<InstanceStatus> _instances;
    private int _statusCalls;

    public FakeWardenControl(IEnumerable<GroupStatus> groups, IEnumerable<InstanceStatus> instances)
    {
        _groups = groups.ToList();
        _instances = instances.ToList();
    }

    /// <summary>Groups "web" (web-1, web-2 running) and "worker" (worker, stopped, last exit 3).</summary>
    public static FakeWardenControl Standard() => new(
        [new GroupStatus("web", "one-for-one", ["web"], true), new GroupStatus("worker", "one-for-one", ["worker"], true)],
        [
            Instance("web-1", "web", "web", ProcessState.Running, pid: 4101, restarts: 0),
            Instance("web-2", "web", "web", ProcessState.Running, pid: 4102, restarts: 2),
            Instance("worker", "worker", "worker", ProcessState.Stopped, pid: null, restarts: 1, lastExit: 3),
        ]);

    /// <summary><paramref name="services"/> services of <paramref name="perService"/> instances each, spread over 10 groups.</summary>
    public static FakeWardenControl Large(int services, int perService)
    {
        var groups = new List<GroupStatus>();
        var instances = new List<InstanceStatus>();
        for (var g = 0; g < 10; g++)
        {
            var names = Enumerable.Range(0, services).Where(s => s % 10 == g).Select(s => $"svc{s:D3}").ToArray();
            groups.Add(new GroupStatus($"group{g}", "one-for-one", names, false));
            foreach (var name in names)
            {
                for (var i = 1; i <= perService; i++)
                {
                    instances.Add(Instance($"{name}-{i}", name, $"group{g}", ProcessState.Running, 10_000 + instances.Count, restarts: i % 3));
                }
            }
        }

        return new FakeWardenControl(groups, instances);
    }

    public static InstanceStatus Instance(string name, string service, string group, ProcessState state, int? pid, int restarts, int? lastExit = null) =>
        new(name, service, group, $"/user/warden/{group}/{service}/{name}", state, pid,
            state == ProcessState.Running ? TimeSpan.FromSeconds(3723.5) : null, restarts, lastExit, null,
            state == ProcessState.Running ? "healthy" : "none", state == ProcessState.Running ? 12_345_678 : null, null);

    public IReadOnlyList<string> ServiceNames
    {
        get
        {
            lock (_gate)
            {
                return _groups.SelectMany(g => g.Services).ToArray();
            }
        }
    }

    public IReadOnlyList<string> GroupNames
    {
        get
        {
            lock (_gate)
            {
                return _groups.Select(g => g.Name).ToArray();
            }
        }
    }

    public IReadOnlyCollection<string> Calls => _calls.ToArray();

    public IReadOnlyCollection<(string Service, string? Instance, string Stream)> LogLookups => _logLookups.ToArray();

    public int StatusCalls => Volatile.Read(ref _statusCalls);

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Answer to commands; default: Ok for any known name or "all", NotFound otherwise.</summary>
    public Func<string, string, ControlResult>? Respond { get; set; }

    public ControlResult ReloadResult { get; set; } = ControlResult.Ok("config reloaded: no changes", []);

    /// <summary>When set, GetStatusAsync waits on it (ignoring cancellation) — a wedged root actor.</summary>
    public TaskCompletionSource? StatusGate { get; set; }

    public Func<string, string?, string, string?> LogPaths { get; set; } = (_, _, _) => null;

    /// <summary>The cluster members the status lists (null: not a cluster node).</summary>
    public IReadOnlyList<ClusterNodeStatus>? Nodes { get; set; }

    public WardenRuntimeStats Runtime { get; set; } = new(DeadLetters: 7, ManagedHeapBytes: 1_000_000, RssBytes: 50_000_000, Threads: 12)
    {
        AllocatedBytes = 123_456_789_012,
        Collections = [40, 3, 1],
    };

    public void SetState(string instance, ProcessState state)
    {
        lock (_gate)
        {
            _instances = _instances.Select(i => i.Name == instance ? i with { State = state } : i).ToList();
        }
    }

    public void SetHealth(string instance, string health)
    {
        lock (_gate)
        {
            _instances = _instances.Select(i => i.Name == instance ? i with { Health = health } : i).ToList();
        }
    }

    public async Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _statusCalls);
        if (StatusGate is { } gate)
        {
            await gate.Task;
        }

        lock (_gate)
        {
            return new WardenStatus("/etc/warden/warden.conf", TimeSpan.FromHours(26), _groups.ToArray(), _instances.ToArray(), Runtime) { Nodes = Nodes };
        }
    }

    public Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<InstanceStatus>? result = _groups.Any(g => g.Services.Contains(service))
                ? _instances.Where(i => i.Service == service).ToArray()
                : null;
            return Task.FromResult(result);
        }
    }

    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) => Command("start", target);

    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) => Command("stop", target);

    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) => Command("restart", target);

    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default) =>
        Command(group ? $"signal-group {signal}" : $"signal {signal}", target);

    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) => Command("reload", target);

    public Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        _calls.Enqueue("reload");
        return Task.FromResult(ReloadResult);
    }

    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<WardenEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return ReadAsync(channel, cancellationToken);
    }

    public string? LogFilePath(string service, string? instance, string stream)
    {
        _logLookups.Enqueue((service, instance, stream));
        return LogPaths(service, instance, stream);
    }

    public void Publish(WardenEvent wardenEvent)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(wardenEvent);
            }
        }
    }

    /// <summary>Completes every subscription, as a stopping warden does.</summary>
    public void CompleteSubscriptions()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }

    private async IAsyncEnumerable<WardenEvent> ReadAsync(Channel<WardenEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    private Task<ControlResult> Command(string verb, string target)
    {
        _calls.Enqueue($"{verb} {target}");
        if (Respond is { } respond)
        {
            return Task.FromResult(respond(verb, target));
        }

        bool known;
        string[] affected;
        lock (_gate)
        {
            affected = _instances.Where(i => target == "all" || i.Name == target || i.Service == target || i.Group == target).Select(i => i.Name).ToArray();
            known = affected.Length > 0;
        }

        return Task.FromResult(known
            ? ControlResult.Ok($"{verb} {target}: {affected.Length} instance(s)", affected)
            : ControlResult.NotFound($"no service, group or instance named '{target}'"));
    }
}
