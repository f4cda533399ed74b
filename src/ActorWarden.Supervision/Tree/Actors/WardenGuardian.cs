using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Restart;
using ActorWarden.Supervision.Policy;

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
    private readonly HashSet<string> _recreateWhenGone = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groupRetries = new(StringComparer.Ordinal);
    private readonly List<IActorRef> _shutdownWaiters = new();
    private readonly HashSet<string> _resume = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resumeWhenRecreated = new(StringComparer.Ordinal);
    private TreeLayout _layout;
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
        Receive<ServicesRestarted>(OnServicesRestarted);
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
        return ActorProps.Of(() => new WardenGuardian(layout, ctx, hooks)).WithDispatcher(WardenAkkaIds.PinnedDispatcher).WithMailbox(WardenAkkaIds.ControlAwareMailbox);
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
            OnApplied);

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

    private void CreateGroup(GroupSpec group)
    {
        var child = Context.ActorOf(GroupSupervisor.Props(group, _layout.MembersOf(group), _ctx), group.Name);
        Context.Watch(child);
    }

    private void OnApplied(FailureApplied applied)
    {
        var (context, child, cause, directive) = (applied.Context, applied.Child, applied.Cause, applied.Directive);
        var group = child.Path.Name;
        var giveUp = directive == Directive.Stop;
        var reason = giveUp
            ? $"more than {Root.Intensity.MaxRestarts} group restarts within {Root.Intensity.Within.TotalSeconds:0.###} s (root intensity); on-give-up = {Root.OnGiveUp.ToString().ToLowerInvariant()}"
            : cause.Message;
        _ctx.Events.Emit(
            EventNames.Directive,
            null,
            null,
            ("supervisor", TreePaths.GuardianName),
            ("level", "root"),
            ("child", group),
            ("directive", directive.ToString().ToLowerInvariant()),
            ("reason", reason),
            ("cause", cause.GetType().Name));
        if (directive == Directive.Restart)
        {
            RestartInOrder(group, _layout.Group(group), context.Self);
        }

        if (giveUp)
        {
            _gaveUp.Add(group);
            StopInOrder(_layout.Group(group));
            _ctx.Events.Emit(
                EventNames.GaveUp,
                null,
                null,
                ("group", group),
                ("policy", Root.OnGiveUp.ToString().ToLowerInvariant()),
                ("exit_code", Root.OnGiveUp == GiveUpPolicy.Exit ? Root.ExitCode : null),
                ("reason", cause.Message));
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        var group = terminated.ActorRef.Path.Name;
        if (_recreateWhenGone.Remove(group))
        {
            if (_layout.Group(group) is { } spec)
            {
                CreateGroup(spec);
                var resume = _resumeWhenRecreated.Where(s => spec.Members.Contains(s)).ToList();
                _resumeWhenRecreated.ExceptWith(resume);
                Resume(resume);
            }

            return;
        }

        if (!_gaveUp.Remove(group))
        {
            return;
        }

        if (Root.OnGiveUp == GiveUpPolicy.Exit)
        {
            _exitCode ??= Root.ExitCode;
            BeginShutdown($"root gave up on group {group}; on-give-up = exit");
            return;
        }

        Park(group);
    }

    private void Park(string group)
    {
        _parked.Add(group);
        var spec = _layout.Group(group);
        if (spec is null)
        {
            return;
        }

        TimeSpan? retry = null;
        foreach (var service in _layout.MembersOf(spec))
        {
            foreach (var instance in _layout.InstancesOf(service.Name))
            {
                var from = _ctx.Registry.StateOf(instance.Name);
                if (from == ProcessState.Fatal || !_ctx.Registry.IsWanted(instance.Name))
                {
                    continue;
                }

                _ctx.Registry.SetState(instance.Name, ProcessState.Fatal);
                _ctx.Events.Emit(EventNames.State, service.Name, instance.Name, ("from", from.ToString().ToLowerInvariant()), ("to", "fatal"), ("reason", $"root gave up on group {group}"));
                _ctx.Events.Emit(EventNames.Fatal, service.Name, instance.Name, ("reason", $"root gave up on group {group}"), ("retry_in_ms", service.FatalRetry is { } r ? (long)r.TotalMilliseconds : null));
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

    private void Unpark(string group)
    {
        if (!_parked.Remove(group) || _shuttingDown)
        {
            return;
        }

        CancelGroupRetry(group);

        if (_layout.Group(group) is { } spec)
        {
            CreateHeld(spec);
        }
    }

    /// <summary>
    /// Creates a group whose instances wait for the guardian: they start in dependency order, each once
    /// its dependencies are Running (and healthy), as at warden start.
    /// </summary>
    private void CreateHeld(GroupSpec spec)
    {
        var members = _layout.MembersOf(spec);
        Hold(members.Select(m => m.Name));
        CreateGroup(spec);
        Resume(members.Select(m => m.Name));
    }

    private void Hold(IEnumerable<string> services) => Hold(services, _layout);

    private void Hold(IEnumerable<string> services, TreeLayout layout)
    {
        foreach (var service in services.Where(layout.HasService))
        {
            foreach (var instance in layout.InstancesOf(service))
            {
                _ctx.Registry.Hold(instance.Name);
            }
        }
    }

    /// <summary>
    /// The root restarts a whole group as a group restarts its members (Erlang: a supervisor's children
    /// terminate in reverse start order when it restarts): the processes stop in reverse dependency
    /// order, the fresh instances are held until all are gone, then start in dependency order.
    /// </summary>
    private void RestartInOrder(string group, GroupSpec? spec, IActorRef self)
    {
        if (spec is null)
        {
            return;
        }

        var members = _layout.MembersOf(spec);
        Hold(members.Select(m => m.Name));
        StopInOrderThenResume(members, _layout, self);
    }

    /// <summary>
    /// The root gave up on a group: Akka stops its actors, and their processes stop in reverse
    /// dependency order as at a restart (a dependent first, its dependencies once it is gone).
    /// </summary>
    private void StopInOrder(GroupSpec? spec)
    {
        if (spec is not null)
        {
            var layout = _layout;
            OrderedStop.Run(layout.MembersOf(spec), name => layout.InstancesOf(name).Select(i => i.Name), _ctx.Registry);
        }
    }

    /// <summary>Stops the processes of <paramref name="services"/> in reverse dependency order; once all are gone, the guardian resumes them.</summary>
    private void StopInOrderThenResume(IReadOnlyList<ServiceSpec> services, TreeLayout layout, IActorRef self)
    {
        var restarted = new ServicesRestarted(services.Select(s => s.Name).ToArray());
        var gone = OrderedStop.Run(services, name => layout.InstancesOf(name).Select(i => i.Name), _ctx.Registry);
        gone.PipeTo(self, self, () => restarted, _ => restarted);
    }

    private void OnEvent(WardenEvent @event)
    {
        if (@event.Instance is null || !_tracker.Observe(@event))
        {
            return;
        }

        FollowBindings(@event); // hook: issue 17, binds-to (WardenGuardian.BindsTo.cs)

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

    private void OnServicesRestarted(ServicesRestarted restarted)
    {
        if (_shuttingDown)
        {
            return;
        }

        Resume(restarted.Services);
    }

    /// <summary>Starts held services in dependency order once their dependencies are ready.</summary>
    private void Resume(IEnumerable<string> services)
    {
        var known = services.Where(_layout.HasService).ToList();

        // A group that is still being replaced has no actor to tell yet: its recreation resumes them.
        var waiting = known.Where(s => _recreateWhenGone.Contains(_layout.GroupOf(s))).ToList();
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
                    // A parked group has no actors to resume; its unpark recreates them.
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
            _ctx.Events.Emit(EventNames.WardenReady, null, null, ("services", awaiting.OrderBy(s => s, StringComparer.Ordinal).ToArray()));
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
        if (command.Kind == CommandKind.Stop && _parked.Contains(group))
        {
            StopParked(service, command.Instance);
            return;
        }

        if (command.Kind != CommandKind.Stop && _parked.Contains(group))
        {
            foreach (var instance in _layout.InstancesOf(service))
            {
                if (command.Instance is null || command.Instance == instance.Name)
                {
                    _ctx.Registry.SetWanted(instance.Name, true);
                }
            }

            Unpark(group);
            return;
        }

        Context.Child(group).Tell(new ForService(service, command), Self);
    }

    private void StopParked(string service, string? only)
    {
        foreach (var instance in _layout.InstancesOf(service))
        {
            if (only is not null && only != instance.Name)
            {
                continue;
            }

            _ctx.Registry.SetWanted(instance.Name, false);
            var from = _ctx.Registry.StateOf(instance.Name);
            if (from != ProcessState.Stopped)
            {
                _ctx.Registry.SetState(instance.Name, ProcessState.Stopped);
                _ctx.Events.Emit(EventNames.State, service, instance.Name, ("from", from.ToString().ToLowerInvariant()), ("to", "stopped"), ("reason", "operator stop"));
            }
        }
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
        ForgetBindings(target.Services); // hook: issue 17, an operator's word overrides binds-to
        _ctx.Events.Emit(EventNames.Command, null, null, ("command", command.Kind.ToString().ToLowerInvariant()), ("target", command.Target), ("affected", affected));
        if (command.Kind == CommandKind.Stop)
        {
            // Nothing restarts from here on, as at shutdown. A service supervisor whose instances churn
            // handles their failures (Akka system messages) before any ordinary message and may not read
            // its stop command until they cease: an instance that exits meanwhile is not relaunched.
            foreach (var instance in affected)
            {
                _ctx.Registry.SetWanted(instance, false);
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
                _ctx.Registry.SetWanted(instance.Name, false);
            }

            foreach (var group in _groupRetries.ToList())
            {
                CancelGroupRetry(group);
            }

            _resumeWhenRecreated.Clear();

            // Stops waiting for their turn after a restart go now: shutdown has its own order.
            _ctx.Registry.ReleaseAllStops();
            foreach (var group in _parked)
            {
                foreach (var service in _layout.Group(group)?.Members ?? [])
                {
                    StopParked(service, null);
                }
            }

            _tracker.RequestOrderedStop(_layout.Services.Select(s => s.Name));
        }

        Pump();
    }
}
