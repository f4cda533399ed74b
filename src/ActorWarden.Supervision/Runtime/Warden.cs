using System.Collections;
using ActorWarden.Actors;
using ActorWarden.Processes;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tree;
using ActorWarden.Supervision.Tree.Actors;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// A running warden: the actor system with the supervision tree under <c>/user/warden</c>, the event
/// bus and its observers (events file, status board, live streams), and the two seams hosts and front
/// ends use — <see cref="IWardenRuntime"/> (start, ready, ping, stop, exit code) and
/// <see cref="IWardenControl"/> (status, commands, reload, events, log paths). Every operation is a
/// message to an actor; this class holds no domain state of its own beyond references.
/// </summary>
public sealed class Warden : IWardenRuntime, IWardenControl
{
    private const string SystemName = "actorwarden";

    /// <summary>How long the event log and state file may take to drain at exit, even when the stop was forced.</summary>
    private static readonly TimeSpan MinimumDrain = TimeSpan.FromSeconds(5);
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
    private IActorRef? _terminator;
    private IActorRef? _eventsWriter;
    private EventEmitter? _events;
    private InstanceRegistry? _registry;
    private IActorRef? _stateWriter;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopRequested;
    private readonly CancellationTokenSource _force = new();
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
        _log = options.ActorSystem.Logger ?? Serilog.Log.Logger;
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
        var system = ActorSystem.Create(SystemName, _options.ActorSystem with { Logger = _log });
        _system = system;
        _events = new EventEmitter(system.Scheduler, _bus);
        _registry = new InstanceRegistry();
        _subscriptions.Add(_bus.Subscribe(new ReadyObserver(_ready)));
        _terminator = system.ActorOf(SystemTerminator.Props(), "terminator");
        _statusBoard = system.ActorOf(StatusBoard.Props(layout, RuntimeStats, _options.EffectiveReadRss, _options.RssRefreshInterval), "status");
        _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_statusBoard)));
        if (_options.WriteFiles && !string.IsNullOrEmpty(settings.EventsFile))
        {
            _eventsWriter = system.ActorOf(JsonLinesEventWriter.Props(settings.EventsFile, _log), "events");
            _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_eventsWriter)));
        }

        var launcher = _options.Launcher;
        _events.Emit(EventNames.WardenStarted, null, null, ("name", settings.Name), ("config", settings.ConfigFile), ("pid", global::System.Environment.ProcessId), ("services", layout.Services.Count), ("instances", layout.Instances.Count));
        if (_options.WriteFiles && !string.IsNullOrEmpty(settings.StateFile))
        {
            var stateFile = new StateFile(settings.StateFile, _log);
            new OrphanSweeper(launcher, _options.ProcessExists ?? ProcessInfo.Exists, _events, _log)
                .Sweep(stateFile.Read(), settings.Orphans, layout, _registry);
            _stateWriter = system.ActorOf(StateFileWriter.Props(stateFile, _registry, _log), "state");
            _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_stateWriter, StateFileWriter.IsRelevant)));
        }

        var statusBoard = _statusBoard;
        var ctx = new TreeContext
        {
            Launcher = launcher,
            Events = _events,
            Registry = _registry,
            Log = _log,
            HealthProbes = _options.HealthProbes ?? ((spec, env) => HealthProbeFactory.Create(spec, launcher, env)),
            ReadTreeRss = _options.ReadTreeRss ?? ProcessInfo.ReadTreeRss,
            WardenEnvironment = _options.Environment ?? CurrentEnvironment(),
            Seed = _options.RandomSeed,
            ResolveCommand = _options.ResolveCommand ?? ExecutableLookup.Resolve,
            CaptureOutput = _options.WriteFiles,
            RssObserved = (instance, bytes) => statusBoard.Tell(new RssSample(instance, bytes), ActorRefs.NoSender),
        };
        var hooks = new GuardianHooks(OnExitRequested, OnLayoutChanged);
        _guardian = system.ActorOf(WardenGuardian.Props(layout, ctx, hooks), TreePaths.GuardianName);
        _subscriptions.Add(_bus.Subscribe(new ActorEventForwarder(_guardian, e => e.Event is EventNames.State or EventNames.Health)));
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
        if (_system is null)
        {
            _completion.TrySetResult(0);
            return Task.CompletedTask;
        }

        if (timeout <= TimeSpan.Zero)
        {
            // A forced stop (second Ctrl+C) also cuts short a graceful one that is under way.
            _force.Cancel();
        }

        if (Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            _ = RunShutdownAsync(timeout, "stop requested");
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
        events.Emit(EventNames.Reloading, null, null, ("file", Settings.ConfigFile));
        TreeLayout next;
        try
        {
            next = TreeLayout.From(reload());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            events.Emit(EventNames.ReloadFailed, null, null, ("file", Settings.ConfigFile), ("error", ex.Message));
            return ControlResult.Invalid(ex.Message);
        }

        return await guardian.Ask<ControlResult>(new ApplyReload(next), _options.AskTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default) =>
        _bus.ReadAllAsync(_options.SubscriberCapacity, cancellationToken);

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

    private async Task RunShutdownAsync(TimeSpan timeout, string reason)
    {
        try
        {
            await ShutdownAsync(timeout, reason).ConfigureAwait(false);
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Warden shutdown failed");
            _registry?.KillAll(_options.Launcher);
            _completion.TrySetResult(Volatile.Read(ref _exitCode) is 0 ? 1 : _exitCode);
            _stopped.TrySetException(ex);
        }
    }

    private async Task ShutdownAsync(TimeSpan timeout, string reason)
    {
        var system = _system!;
        var events = _events!;
        events.Emit(EventNames.WardenStopping, null, null, ("reason", reason), ("timeout_ms", (long)timeout.TotalMilliseconds));
        try
        {
            _force.Token.ThrowIfCancellationRequested();
            await _guardian!.Ask<TreeStopped>(new ShutdownTree(reason), timeout, _force.Token).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            _log.Warning("Services did not stop within the shutdown timeout ({Timeout}); killing what is left", timeout);
        }
        catch (OperationCanceledException) when (_force.IsCancellationRequested)
        {
            _log.Warning("Forced stop: killing every process now");
        }

        var killed = _registry!.KillAll(_options.Launcher);
        var exitCode = Volatile.Read(ref _exitCode);
        events.Emit(EventNames.WardenStopped, null, null, ("exit_code", exitCode), ("killed", killed));

        // Even a forced stop writes what is queued: the event log loses nothing, within a bounded wait.
        var drain = timeout > MinimumDrain ? timeout : MinimumDrain;
        await DrainAsync(_stateWriter, "state file", drain).ConfigureAwait(false);
        await DrainAsync(_eventsWriter, "event log", drain).ConfigureAwait(false);
        _bus.Complete();
        _terminator!.Tell(TerminateSystem.Instance, ActorRefs.NoSender);
        await system.WhenTerminated.ConfigureAwait(false);
        _completion.TrySetResult(exitCode);
    }

    private async Task DrainAsync(IActorRef? writer, string what, TimeSpan timeout)
    {
        if (writer is null)
        {
            return;
        }

        try
        {
            // Everything queued before this message is written first (mailbox order), so a backlog
            // from a restart storm reaches the disk before the system ends.
            var drained = await writer.Ask<EventsDrained>(DrainEvents.Instance, timeout).ConfigureAwait(false);
            if (drained.Pending > 0)
            {
                _log.Warning("The {What} could not be written completely before exit", what);
            }
        }
        catch (AskTimeoutException)
        {
            _log.Warning("The {What} could not be written before exit", what);
        }
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
        if (_stats is { } cached && now - _statsSampledAt < TimeSpan.FromSeconds(1))
        {
            return cached;
        }

        _statsSampledAt = now;
        return _stats = SampleRuntimeStats();
    }

    private WardenRuntimeStats SampleRuntimeStats()
    {
        var system = _system;
        var pid = global::System.Environment.ProcessId;
        return new WardenRuntimeStats(
            system?.DeadLetterCount ?? 0,
            system?.MailboxDepth ?? 0,
            (int)(system?.ActorCount ?? 0),
            GC.GetTotalMemory(false),
            ProcessInfo.ReadRss(pid) ?? 0,
            ProcessInfo.CountThreads());
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
