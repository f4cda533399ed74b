using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Policy;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Restart;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The root of the tree (<c>/user/warden</c>), Erlang's top supervisor over the groups: it restarts a
/// group that escalated, within the root intensity, and when it gives up either parks the group (its
/// instances go Fatal and come back after fatal-retry) or stops everything so the warden exits with
/// root.exit-code. It also orchestrates what no single supervisor can: start in dependency order once
/// dependencies are Running and healthy, stop in reverse order, operator commands, reload and shutdown.
/// It follows instance states through the event bus (state and health events are forwarded to it).
/// </summary>
public sealed partial class WardenGuardian : ReceiveActor, IWithTimers
{
    private readonly TreeContext _ctx;
    private readonly GuardianHooks _hooks;
    private readonly DependencyTracker _tracker;
    private readonly HashSet<string> _gaveUp = new(StringComparer.Ordinal);
    private readonly HashSet<string> _parked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, ServiceStart>> _recreateWhenGone = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groupRetries = new(StringComparer.Ordinal);
    private readonly List<IActorRef> _shutdownWaiters = new();
    private readonly HashSet<string> _resume = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resumeWhenRecreated = new(StringComparer.Ordinal);
    private readonly List<IActorRef> _queuedReplyTo = new();
    private ApplyReload? _queuedReload;
    private TreeLayout _layout;
    private bool _reloadInFlight;
    private int _successorsAwaited;
    private bool _readyAnnounced;
    private HashSet<string>? _awaitingReady;
    private bool _shuttingDown;
    private int? _exitCode;

    private WardenGuardian(TreeLayout layout, TreeContext ctx, GuardianHooks hooks)
    {
        _layout = layout;
        _ctx = ctx;
        _hooks = hooks;
        _tracker = new DependencyTracker(layout);
        Receive<WardenEvent>(OnEvent);
        Receive<StartTree>(_ => OnStartTree());
        Receive<ControlCommand>(OnCommand);
        Receive<ShutdownTree>(OnShutdown);
        Receive<Ping>(_ => Sender.Tell(Pong.Instance, Self));
        Receive<ApplyReload>(OnReload);
        Receive<Terminated>(OnTerminated);
        Receive<RecreateGroup>(OnRecreateGroup);
        Receive<WaveDone>(OnWaveDone);
        Receive<ServiceReplaced>(_ => SuccessorCreated(1));
        Receive<ReapOrphansDue>(_ => ReapOrphans());
    }

    /// <summary>
    /// How often zombies are reaped: a daemon that escaped its service (setsid, double fork) is
    /// re-parented to the warden, a subreaper, and stays a zombie until someone waits for it. A reap
    /// costs about a millisecond, so every few seconds is invisible.
    /// </summary>
    public static readonly TimeSpan ReapInterval = TimeSpan.FromSeconds(5);

    /// <summary>Props of the root of a tree laid out as <paramref name="layout"/>.</summary>
    /// <param name="layout">Groups, services and dependency order.</param>
    /// <param name="ctx">Shared collaborators.</param>
    /// <param name="hooks">How the guardian reaches the runtime (exit after give-up, layout after reload).</param>
    public static Props Props(TreeLayout layout, TreeContext ctx, GuardianHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(hooks);
        // Pinned: the root folds the state of every instance for dependency ordering, and a stop request
        // or watchdog ping must reach it while a churning farm keeps the thread pool busy.
        return ActorProps.Of(() => new WardenGuardian(layout, ctx, hooks)).WithDispatcher(WardenAkkaIds.FoldingDispatcher).WithMailbox(WardenAkkaIds.ControlAwareMailbox);
    }

    private RootSpec Root => _layout.Settings.Root;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new ErlangSupervisorStrategy(
            GroupStrategy.OneForOne,
            Root.Intensity,
            static (_, _) => Directive.Restart,
            Directive.Stop,
            () => Context.System.Scheduler.Monotonic,
            () => _layout.Groups.Select(g => g.Name).ToList(),
            OnApplied,
            RestartApplication.Orchestrate);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var group in _layout.Groups)
        {
            CreateGroup(group);
        }

        Timers.StartPeriodicTimer(ReapOrphansDue.Instance, ReapOrphansDue.Instance, ReapInterval);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private void CreateGroup(GroupSpec group, IReadOnlyDictionary<string, ServiceStart>? starts = null, bool announce = false)
    {
        var child = Context.ActorOf(GroupSupervisor.Props(group, _layout.MembersOf(group), _ctx, starts, announce), group.Name);
        Context.Watch(child);
    }

    /// <summary>Stops the processes of <paramref name="services"/> in reverse dependency order; <see cref="WaveDone"/> comes back here.</summary>
    private static void StartWave(IActorContext context, IReadOnlyList<ServiceSpec> services, TreeLayout layout, WavePurpose purpose, object? tag, string reason) =>
        context.ActorOf(StopWave.Props(services, s => layout.InstancesOf(s.Name), purpose, tag, reason, context.Self));

    private void OnApplied(FailureApplied applied)
    {
        var (context, child, cause, directive) = (applied.Context, applied.Child, applied.Cause, applied.Directive);
        var group = child.Path.Name;
        var giveUp = directive == Directive.Stop;
        var reason = giveUp
            ? $"more than {Root.Intensity.MaxRestarts} group restarts within {Root.Intensity.Within.TotalSeconds:0.###} s (root intensity); on-give-up = {Root.OnGiveUp.ToString().ToLowerInvariant()}"
            : cause.Message;
        _ctx.Events.Emit(null, null, new RootDirectiveEvent(TreePaths.GuardianName, group, directive.ToString().ToLowerInvariant(), reason, cause.GetType().Name));
        if (directive == Directive.Restart && _layout.Group(group) is { } restarted)
        {
            // Erlang restarts the group supervisor: fresh intensities, processes stopped in reverse order, started in order.
            context.Child(group).Tell(SupervisorRestarted.Instance, context.Self);
            StartWave(context, _layout.MembersOf(restarted), _layout, WavePurpose.Restart, null, "group " + group + " restarted by the root");
        }

        if (giveUp && _layout.Group(group) is { } given)
        {
            _gaveUp.Add(group);
            StartWave(context, _layout.MembersOf(given), _layout, WavePurpose.GiveUp, group, $"root gave up on group {group}");
            _ctx.Events.Emit(
                null,
                null,
                new GaveUpEvent(group, Root.OnGiveUp.ToString().ToLowerInvariant(), Root.OnGiveUp == GiveUpPolicy.Exit ? Root.ExitCode : null, cause.Message));
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        var group = terminated.ActorRef.Path.Name;
        if (_recreateWhenGone.Remove(group, out var starts) && _layout.Group(group) is { } spec)
        {
            CreateGroup(spec, starts, announce: true);
            _resumeWhenRecreated.ExceptWith(spec.Members);
            Resume(spec.Members);
        }
    }

    private void OnWaveDone(WaveDone done)
    {
        switch (done.Purpose)
        {
            case WavePurpose.Restart when !_shuttingDown:
                Resume(done.Services);
                break;
            case WavePurpose.GiveUp when done.Tag is string group && _gaveUp.Remove(group):
                if (Root.OnGiveUp == GiveUpPolicy.Exit)
                {
                    _exitCode ??= Root.ExitCode;
                    BeginShutdown($"root gave up on group {group}; on-give-up = exit");
                    return;
                }

                Park(group);
                break;
            case WavePurpose.Reload when done.Tag is ReloadPlan plan:
                ApplyReloadPlan(plan, done.Wanted);
                break;
        }
    }

    /// <summary>
    /// The root gave up on a group whose processes are down: its wanted instances go Fatal, and the group
    /// comes back after the shortest fatal-retry of its services (or when an operator starts it).
    /// </summary>
    private void Park(string group)
    {
        var spec = _layout.Group(group);
        if (spec is null || _shuttingDown)
        {
            return;
        }

        _parked.Add(group);
        var giveUp = new GiveUpInstance($"root gave up on group {group}");
        TimeSpan? retry = null;
        foreach (var service in _layout.MembersOf(spec))
        {
            foreach (var instance in _layout.InstancesOf(service.Name))
            {
                Context.ActorSelection(instance.Path).Tell(giveUp, Self);
            }

            if (service.FatalRetry is { } after && (retry is null || after < retry))
            {
                retry = after;
            }
        }

        if (retry is { } delay)
        {
            _groupRetries.Add(group);
            Timers.StartSingleTimer(GroupRetryKey(group), new RecreateGroup(group), delay);
        }
    }

    private static string GroupRetryKey(string group) => "group-retry:" + group;

    private void CancelGroupRetry(string group)
    {
        if (_groupRetries.Remove(group))
        {
            Timers.Cancel(GroupRetryKey(group));
        }
    }

    private void OnRecreateGroup(RecreateGroup recreate)
    {
        _groupRetries.Remove(recreate.Group);
        Unpark(recreate.Group);
    }

    /// <summary>A parked group's services start again in dependency order: its held, wanted instances come back.</summary>
    private void Unpark(string group)
    {
        if (!_parked.Remove(group) || _shuttingDown)
        {
            return;
        }

        CancelGroupRetry(group);
        if (_layout.Group(group) is { } spec)
        {
            Resume(spec.Members);
        }
    }

    private void OnEvent(WardenEvent @event)
    {
        if (@event.Instance is null || !_tracker.Observe(@event))
        {
            return;
        }

        FollowBindings(@event);

        // Every restart passes three state events through here; with nothing waiting on an order
        // and readiness announced, a pass over every service would find nothing to do.
        if (_readyAnnounced && !_shuttingDown && _tracker.Idle)
        {
            return;
        }

        Pump();
    }

    private void ReapOrphans()
    {
        try
        {
            var reaped = _ctx.Launcher.ReapOrphans();
            if (reaped > 0)
            {
                _ctx.Log.Debug("Reaped {Count} orphaned zombie(s)", reaped);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            _ctx.Log.Warning(ex, "Reaping orphaned zombies failed");
        }
    }

    /// <summary>Starts held services in dependency order once their dependencies are ready.</summary>
    private void Resume(IEnumerable<string> services)
    {
        var known = services.Where(_layout.HasService).ToList();

        // A group that is still being replaced has no actor to tell yet: its recreation resumes them.
        var waiting = known.Where(s => _recreateWhenGone.ContainsKey(_layout.GroupOf(s))).ToList();
        _resumeWhenRecreated.UnionWith(waiting);
        known = known.Except(waiting).ToList();
        _resume.UnionWith(known);
        _tracker.RequestResume(known);
        Pump();
    }

    private void OnStartTree()
    {
        var autostart = _layout.Services.Where(s => s.Autostart).Select(s => s.Name).ToList();
        _awaitingReady = new HashSet<string>(autostart, StringComparer.Ordinal);
        _tracker.RequestStart(autostart);
        Pump();
    }

    private void Pump()
    {
        if (!_shuttingDown)
        {
            foreach (var service in _tracker.TakeStartable())
            {
                if (_resume.Remove(service))
                {
                    // A parked group stays down until its retry or an operator start unparks it.
                    if (!_parked.Contains(_layout.GroupOf(service)))
                    {
                        Context.Child(_layout.GroupOf(service)).Tell(new ForService(service, ResumeService.Instance), Self);
                    }

                    continue;
                }

                Send(service, new ServiceCommand(CommandKind.Start, null));
            }
        }

        foreach (var service in _tracker.TakeStoppable())
        {
            Send(service, new ServiceCommand(CommandKind.Stop, null));
        }

        if (!_readyAnnounced && _awaitingReady is { } awaiting && awaiting.All(_tracker.IsReady))
        {
            _readyAnnounced = true;
            _ctx.Events.Emit(null, null, new WardenReadyEvent(awaiting.OrderBy(s => s, StringComparer.Ordinal).ToArray()));
        }

        if (_shuttingDown && _tracker.AllDown() && _tracker.NothingPendingStop)
        {
            foreach (var waiter in _shutdownWaiters)
            {
                waiter.Tell(TreeStopped.Instance, Self);
            }

            _shutdownWaiters.Clear();
            if (_exitCode is { } code)
            {
                _exitCode = null;
                _hooks.ExitRequested(code);
            }
        }
    }

    private void Send(string service, ServiceCommand command)
    {
        if (!_layout.HasService(service))
        {
            return;
        }

        var group = _layout.GroupOf(service);
        if (command.Kind != CommandKind.Stop && _parked.Contains(group))
        {
            // Starting a service of a parked group brings the group back, as its retry would.
            Unpark(group);
        }

        Context.Child(group).Tell(new ForService(service, command), Self);
    }

    private void OnCommand(ControlCommand command)
    {
        if (_shuttingDown)
        {
            Sender.Tell(ControlResult.Failed("the warden is shutting down"), Self);
            return;
        }

        var target = TargetResolver.Resolve(_layout, command.Target);
        if (target is null)
        {
            Sender.Tell(ControlResult.NotFound($"no service, group or instance named '{command.Target}' (try `warden status`)"), Self);
            return;
        }

        var affected = target.Instances.Select(i => i.Name).ToArray();
        ForgetBindings(target.Services);
        _ctx.Events.Emit(null, null, new CommandEvent(command.Kind.ToString().ToLowerInvariant(), command.Target, affected));
        if (command.Kind == CommandKind.Stop)
        {
            // Nothing restarts from here on, as at shutdown. A service supervisor whose instances churn
            // handles their failures (Akka system messages) before any ordinary message and may not read
            // its stop command until they cease: an instance that exits meanwhile is not relaunched.
            foreach (var instance in target.Instances)
            {
                Context.ActorSelection(instance.Path).Tell(StandDown.Instance, Self);
            }
        }

        switch (command.Kind)
        {
            case CommandKind.Start when target.Instance is null:
                _resume.ExceptWith(target.Services);
                _tracker.RequestStart(target.Services);
                break;
            case CommandKind.Stop when target.Instance is null && target.IsAll:
                _tracker.RequestOrderedStop(target.Services);
                break;
            case CommandKind.Stop when target.Instance is null:
                _tracker.CancelStart(target.Services);
                foreach (var service in target.Services)
                {
                    Send(service, new ServiceCommand(CommandKind.Stop, null));
                }

                break;
            default:
                foreach (var service in target.Services)
                {
                    Send(service, new ServiceCommand(command.Kind, target.Instance));
                }

                break;
        }

        Pump();
        Sender.Tell(ControlResult.Ok($"{command.Kind.ToString().ToLowerInvariant()} {command.Target}: {affected.Length} instance(s)", affected), Self);
    }

    private void OnShutdown(ShutdownTree shutdown)
    {
        _shutdownWaiters.Add(Sender);
        BeginShutdown(shutdown.Reason);
    }

    private void BeginShutdown(string reason)
    {
        if (!_shuttingDown)
        {
            _shuttingDown = true;
            _ctx.Log.Information("Stopping every service in reverse dependency order: {Reason}", reason);

            // Nothing restarts from here on, even before its turn in the stop order comes.
            foreach (var instance in _layout.Instances)
            {
                Context.ActorSelection(instance.Path).Tell(StandDown.Instance, Self);
            }

            foreach (var group in _groupRetries.ToList())
            {
                CancelGroupRetry(group);
            }

            _resumeWhenRecreated.Clear();
            foreach (var asker in _queuedReplyTo)
            {
                asker.Tell(ControlResult.Failed("the warden is shutting down"), Self);
            }

            _queuedReplyTo.Clear();
            _queuedReload = null;

            _tracker.RequestOrderedStop(_layout.Services.Select(s => s.Name));
        }

        Pump();
    }
}
