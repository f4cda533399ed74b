using System.Collections;
using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Processes.Diagnostics;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Tree.Actors;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree;
using Akka.Actor;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// A running warden: the actor system with the supervision tree under <c>/user/warden</c>, the event
/// bus and its observers (events file, status board, live streams), and the two seams hosts and front
/// ends use — <see cref="IWardenRuntime"/> (start, ready, ping, stop, exit code) and
/// <see cref="IWardenControl"/> (status, commands, reload, events, log paths). Every operation is a
/// message to an actor; this class holds no domain state of its own beyond references.
/// </summary>
public sealed partial class Warden : IWardenRuntime, IWardenControl
{
    private const string SystemName = "actorwarden";

    private readonly WardenRuntimeOptions _options;
    private readonly EventBus _bus = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Serilog.ILogger _log;
    private readonly List<IDisposable> _subscriptions = new();
    private TreeLayout _layout;
    private ActorSystem? _system;
    private IActorRef? _guardian;
    private IActorRef? _statusBoard;
    private IActorRef? _shutdown;
    private IActorRef? _eventsWriter;
    private EventEmitter? _events;
    private IActorRef? _stateWriter;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private int _stopRequested;
    private int _exitCode;
    private WardenRuntimeStats? _stats;
    private TimeSpan _statsSampledAt;
    private int _started;

    /// <summary>Prepares a warden for <paramref name="settings"/>; nothing runs until <see cref="StartAsync(CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentException">The settings cannot form a tree (duplicate names, dependency cycle); the message names the service.</exception>
    public Warden(WardenSettings settings, WardenRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(options.Launcher);
        _layout = TreeLayout.From(settings);
        _log = options.Logger ?? Serilog.Log.Logger;
        foreach (var observer in options.Observers)
        {
            _subscriptions.Add(_bus.Subscribe(observer));
        }
    }

    /// <inheritdoc />
    public IWardenControl Control => this;

    /// <inheritdoc />
    public Task WhenReady => _ready.Task;

    /// <inheritdoc />
    public Task<int> Completion => _completion.Task;

    /// <summary>The settings currently applied (changes with reload).</summary>
    public WardenSettings Settings => Volatile.Read(ref _layout).Settings;

    /// <summary>The actor system, once started (for tests and the simulator driving virtual time).</summary>
    public ActorSystem? System => _system;

    /// <summary>The event bus, for observers added after construction.</summary>
    public EventBus Events => _bus;

    /// <inheritdoc />
    public IReadOnlyList<string> ServiceNames => Volatile.Read(ref _layout).Services.Select(s => s.Name).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<string> GroupNames => Volatile.Read(ref _layout).Groups.Select(g => g.Name).ToArray();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The warden was already started; create a new Warden to start again.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var layout = _layout;
        var settings = layout.Settings;
        if (settings.StageCosts && !StageCosts.Enable())
        {
            _log.Warning("warden.diagnostics.stage-costs is on, but stage costs are measured only on Linux; it stays off");
        }

        var system = _options.ActorSystemProvider?.Invoke() ?? ActorSystem.Create(SystemName, WardenAkkaConfig.For(settings, _options.AkkaConfig));
        _system = system;
        _events = new EventEmitter(system.Scheduler, _bus, _options.Node);
        _subscriptions.Add(_bus.Subscribe(new ReadyObserver(_ready)));
        _statusBoard = system.ActorOf(StatusBoard.Props(layout, RuntimeStats, _options.EffectiveReadRss, _options.RssRefreshInterval), "status");
        _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_statusBoard)));
        if (_options.WriteFiles && !string.IsNullOrEmpty(settings.EventsFile))
        {
            _eventsWriter = system.ActorOf(JsonLinesEventWriter.Props(settings.EventsFile, _log), "events");
            _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_eventsWriter)));
        }

        var launcher = _options.Launcher;
        _events.Emit(null, null, new WardenStartedEvent(settings.Name, settings.ConfigFile, global::System.Environment.ProcessId, layout.Services.Count, layout.Instances.Count));
        StateFile? stateFile = null;
        IReadOnlyList<SurvivorProcess> survivors = [];
        if (_options.WriteFiles && !string.IsNullOrEmpty(settings.StateFile))
        {
            stateFile = new StateFile(settings.StateFile, _log);
            survivors = new OrphanSweeper(launcher, _options.ProcessExists ?? ProcessInfo.Exists, _events, _log)
                .Sweep(stateFile.Read(), settings.Orphans, layout);
        }

        var detached = new DetachedWork(system.Scheduler, _options.VirtualTime);
        var roster = system.ActorOf(ProcessRoster.Props(stateFile, launcher, detached, survivors, _log), "processes");
        if (stateFile is not null)
        {
            _stateWriter = roster;
        }

        var statusBoard = _statusBoard;
        var ctx = new TreeContext
        {
            Launcher = launcher,
            Events = _events,
            Roster = roster,
            Survivors = survivors.GroupBy(s => s.Instance, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
            Log = _log,
            Detached = detached,
            HealthProbes = _options.HealthProbes ?? ((spec, env) => HealthProbeFactory.Create(spec, launcher, env)),
            ReadTreeRss = _options.ReadTreeRss ?? ProcessInfo.ReadTreeRss,
            WardenEnvironment = _options.Environment ?? CurrentEnvironment(),
            Seed = _options.RandomSeed,
            ResolveCommand = _options.ResolveCommand ?? ExecutableLookup.Resolve,
            CaptureOutput = _options.WriteFiles,
            RssObserved = (instance, bytes) => statusBoard.Tell(new RssSample(instance, bytes), ActorRefs.NoSender),
            NotifyChannels = _options.NotifyChannels ?? Notify.NotifySetup.ChannelsFor(settings, _options.VirtualTime),
            Stopping = _stopping.Token,
        };
        var hooks = new GuardianHooks(OnExitRequested, OnLayoutChanged);
        _guardian = system.ActorOf(WardenGuardian.Props(layout, ctx, hooks), TreePaths.GuardianName);
        _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_guardian, e => e.Event is EventNames.State or EventNames.Health)));
        var writers = new List<(IActorRef, string)>();
        if (_stateWriter is not null)
        {
            writers.Add((_stateWriter, "state file"));
        }

        if (_eventsWriter is not null)
        {
            writers.Add((_eventsWriter, "event log"));
        }

        _shutdown = system.ActorOf(
            ShutdownCoordinator.Props(_guardian, writers, roster, _events, () => Volatile.Read(ref _exitCode), OnDrained, _log),
            "shutdown");
        _ = AwaitTerminationAsync(system);
        _guardian.Tell(StartTree.Instance, ActorRefs.NoSender);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_guardian is null || Volatile.Read(ref _stopRequested) != 0)
        {
            return false;
        }

        try
        {
            await _guardian.Ask<Pong>(Ping.Instance, timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_system is null || _shutdown is null)
        {
            _completion.TrySetResult(0);
            return Task.CompletedTask;
        }

        if (Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            _stopping.Cancel();
            _shutdown.Tell(new BeginShutdown(timeout, "stop requested"), ActorRefs.NoSender);
        }
        else if (timeout <= TimeSpan.Zero)
        {
            // A forced stop (second Ctrl+C) also cuts short a graceful one that is under way.
            _shutdown.Tell(ForceShutdown.Instance, ActorRefs.NoSender);
        }

        return _stopped.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_system is not null)
        {
            await StopAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    /// <inheritdoc />
    public async Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await Require(_statusBoard).Ask<WardenStatus>(GetStatus.Instance, _options.AskTimeout, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        var reply = await Require(_statusBoard).Ask<ServiceStatusReply>(new GetServiceStatus(service), _options.AskTimeout, cancellationToken).ConfigureAwait(false);
        return reply.Instances;
    }

    /// <inheritdoc />
    public Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default) =>
        CommandAsync(CommandKind.Start, target, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default) =>
        CommandAsync(CommandKind.Stop, target, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default) =>
        CommandAsync(CommandKind.Restart, target, cancellationToken);

    /// <inheritdoc />
    public async Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Reloader is not { } reload)
        {
            return ControlResult.Failed("this warden was not started from a config file, so there is nothing to reload");
        }

        var guardian = Require(_guardian);
        var events = _events!;
        events.Emit(null, null, new ReloadingEvent(Settings.ConfigFile));
        TreeLayout next;
        try
        {
            next = TreeLayout.From(reload());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            events.Emit(null, null, new ReloadFailedEvent(Settings.ConfigFile, ex.Message));
            return ControlResult.Invalid(ex.Message);
        }

        return await guardian.Ask<ControlResult>(new ApplyReload(next), _options.AskTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default) =>
        _bus.ReadAllAsync(_options.SubscriberCapacity, cancellationToken);

    /// <inheritdoc />
    public IDisposable ObserveEvents(IEventPublisher observer) => _bus.Subscribe(observer);

    /// <inheritdoc />
    public string? LogFilePath(string service, string? instance, string stream)
    {
        var layout = Volatile.Read(ref _layout);
        if (!layout.HasService(service))
        {
            return null;
        }

        var spec = layout.Service(service);
        var name = instance ?? spec.InstanceNames[0];
        if (!spec.Logs.Enabled || !spec.InstanceNames.Contains(name))
        {
            return null;
        }

        var which = stream.ToLowerInvariant() switch
        {
            "stdout" or "out" => LogStream.Stdout,
            "stderr" or "err" => LogStream.Stderr,
            _ => (LogStream?)null,
        };
        return which is { } s ? LogFiles.PathFor(spec.Logs, name, s) : null;
    }

    private async Task<ControlResult> CommandAsync(CommandKind kind, string target, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return ControlResult.Invalid("a target is required: a service, a group, an instance or 'all'");
        }

        return await Require(_guardian).Ask<ControlResult>(new ControlCommand(kind, target.Trim()), _options.AskTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The warden has stopped once its actor system has terminated: the <see cref="ShutdownCoordinator"/>
    /// ends it after the last drain. A system that ended any other way (Akka.Hosting stopping it, a
    /// crash of the guardian's own guardian) still leaves no process behind.
    /// </summary>
    private async Task AwaitTerminationAsync(ActorSystem system)
    {
        await system.WhenTerminated.ConfigureAwait(false);
        if (Volatile.Read(ref _stopRequested) == 0)
        {
            // The instance actors and the roster kill what they own as they end with the system.
            _log.Error("The actor system terminated before the warden was stopped; every process was killed");
            _bus.Complete();
            Volatile.Write(ref _exitCode, Volatile.Read(ref _exitCode) is 0 ? 1 : _exitCode);
        }

        _completion.TrySetResult(Volatile.Read(ref _exitCode));
        _stopped.TrySetResult();
    }

    /// <summary>
    /// Every service is down and the event log and state file are written: the runtime's work is done,
    /// so its completion is reported now, before the actor system ends (Akka.Hosting stops the host when
    /// the system terminates, and the host must first learn that the tree ended on its own).
    /// </summary>
    private void OnDrained()
    {
        _bus.Complete();
        _completion.TrySetResult(Volatile.Read(ref _exitCode));
    }

    private void OnExitRequested(int exitCode)
    {
        Volatile.Write(ref _exitCode, exitCode);
        _ = StopAsync(Settings.ShutdownTimeout);
    }

    private void OnLayoutChanged(TreeLayout layout)
    {
        Volatile.Write(ref _layout, layout);
        _statusBoard?.Tell(new StatusRelayout(layout), ActorRefs.NoSender);
    }

    /// <summary>
    /// The warden's own health, sampled at most once a second: walking every mailbox and reading
    /// /proc costs more than the whole status table, and operators read it at a glance. Called only
    /// from the status board's thread.
    /// </summary>
    private WardenRuntimeStats RuntimeStats()
    {
        var now = _system?.Scheduler.Monotonic ?? TimeSpan.Zero;
        if (_stats is null || now - _statsSampledAt >= TimeSpan.FromSeconds(1))
        {
            _statsSampledAt = now;
            _stats = SampleRuntimeStats();
        }

        // Stage costs are read fresh: a reader divides them by the restarts of the same status.
        return StageCosts.Enabled ? _stats with { Stages = StageCostsNow() } : _stats;
    }

    private static StageCost[] StageCostsNow() =>
        StageCosts.Snapshot().Select(s => new StageCost(s.Stage, s.CpuNanoseconds, s.AllocatedBytes, s.Entries)).ToArray();

    private WardenRuntimeStats SampleRuntimeStats()
    {
        var pid = global::System.Environment.ProcessId;
        return new WardenRuntimeStats(
            0,
            GC.GetTotalMemory(false),
            ProcessInfo.ReadRss(pid) ?? 0,
            ProcessInfo.CountThreads())
        {
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
            Collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
        };
    }

    private static IActorRef Require(IActorRef? actor) =>
        actor ?? throw new InvalidOperationException("The warden has not been started.");

    private static Dictionary<string, string> CurrentEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in global::System.Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return result;
    }

    private sealed class ReadyObserver(TaskCompletionSource ready) : IEventPublisher
    {
        public void Publish(WardenEvent @event)
        {
            if (@event.Event == EventNames.WardenReady)
            {
                ready.TrySetResult();
            }
        }
    }
}
