using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Processes;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tree.Failures;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// One supervised instance (<c>/user/warden/GROUP/SERVICE/INSTANCE</c>): owns its OS process, its
/// health check and its log shipper, and keeps the instance's state machine. It never decides a
/// restart: every end of its process that was not asked for becomes an exception
/// (<see cref="ProcessExitedException"/>, <see cref="StartFailedException"/>,
/// <see cref="MemoryLimitExceededException"/>, or an escalated <see cref="HealthCheckFailedException"/>),
/// and the ServiceSupervisor's strategy chooses the directive.
/// </summary>
/// <remarks>
/// Process exits arrive as a message told from the exit watcher's continuation, so the path from exit
/// to respawn is: exit message → throw → supervisor decision → restart → <see cref="Relaunch"/> →
/// spawn, with no timer when the backoff delay is zero. When an incarnation ends while its process still
/// runs (a health or memory failure, a group restart, removal), the stop ladder continues detached on
/// the scheduler and the next spawn of this instance waits until that process is gone.
/// </remarks>
public sealed partial class ProcessActor : ReceiveActor, IWithTimers
{
    private readonly InstanceIdentity _id;
    private readonly ServiceSpec _spec;
    private readonly TreeContext _ctx;
    private ProcessState _state;
    private IChildProcess? _process;
    private IChildProcess? _ended;
    private Task<ProcessExit>? _gone;
    private TimeSpan _spawnedAt;
    private int _generation;
    private int _healthChecks;
    private bool _restartAfterStop;
    private IActorRef? _health;
    private IActorRef? _logs;

    private readonly PlanSlot _plan;

    private const string SpawnTimer = "spawn";
    private const string StartSecondsTimer = "start-seconds";
    private const string StopTimer = "stop";
    private const string MemoryTimer = "memory";

    private ProcessActor(InstanceIdentity id, ServiceSpec spec, TreeContext ctx, PlanSlot plan)
    {
        _plan = plan;
        _id = id;
        _spec = spec;
        _ctx = ctx;
        _state = ctx.Registry.StateOf(id.Name);
        Receive<StartInstance>(_ => OnStart());
        Receive<ResumeInstance>(_ => OnResume());
        Receive<StopInstance>(_ => OnStop());
        Receive<RestartInstance>(_ => OnRestart());
        Receive<Relaunch>(OnRelaunch);
        Receive<Park>(OnPark);
        Receive<SpawnDue>(OnSpawnDue);
        Receive<ProcessExitObserved>(OnExit);
        Receive<StartSecondsElapsed>(OnStartSecondsElapsed);
        Receive<StopTimeoutElapsed>(OnStopTimeout);
        Receive<MemoryCheckDue>(OnMemoryCheck);
        Receive<HealthChanged>(OnHealthChanged);
        ReceiveContainment(); // containment hook
    }

    /// <summary>Props of the ProcessActor of <paramref name="id"/>.</summary>
    public static Props Props(InstanceIdentity id, ServiceSpec spec, TreeContext ctx)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(ctx);
        var plan = new PlanSlot();
        return ActorProps.Of(() => new ProcessActor(id, spec, ctx, plan));
    }

    /// <summary>
    /// The launch plan of the last successful spawn, shared by the incarnations of one instance (the
    /// Akka re-runs the Props factory at each restart): the environment copy, the variable expansion
    /// and the PATH lookup are the same every restart, so a crash loop does not redo them. Only the
    /// current incarnation touches it. A failed start or an operator start plans afresh, so a binary
    /// that moved or appeared is found again; a group restart or a reload creates a new slot.
    /// </summary>
    private sealed class PlanSlot
    {
        public LaunchPlan? Plan { get; set; }
    }

    private string Name => _id.Name;

    private IScheduler Scheduler => Context.System.Scheduler;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(static cause => cause is HealthCheckFailedException ? Directive.Escalate : Directive.Restart);

    /// <inheritdoc />
    protected override void PreStart()
    {
        // A fresh incarnation (first start, or re-created by a service, group or root restart) comes up
        // when the instance is wanted; a restarted one waits for its supervisor's Relaunch instead.
        if (_ctx.Registry.IsWanted(Name) && !_ctx.Registry.IsHeld(Name))
        {
            Self.Tell(StartInstance.Instance, Self);
        }
    }

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (_process is { } process && _gone is { IsCompleted: false } gone)
        {
            DetachedStop.Begin(process, gone, _state, _id.Service, Name, _spec.Stop, _ctx, Scheduler);
        }

        _process = null;
        DisposeProcess();
    }

    private void OnResume()
    {
        // Held by a group restart or a reload until its dependencies were up: start only if still wanted.
        if (_ctx.Registry.Release(Name) && _ctx.Registry.IsWanted(Name))
        {
            OnStart();
        }
    }

    private void OnStart()
    {
        _plan.Plan = null;
        _ctx.Registry.Release(Name);
        _ctx.Registry.SetWanted(Name, true);
        switch (_state)
        {
            case ProcessState.Starting or ProcessState.Running when _process is not null:
                return;
            case ProcessState.Stopping when _process is not null:
                _restartAfterStop = true;
                return;
            default:
                CancelPendingSpawn();
                Spawn(_state == ProcessState.Fatal ? "start after fatal" : "start");
                return;
        }
    }

    private void OnStop()
    {
        _ctx.Registry.SetWanted(Name, false);
        _restartAfterStop = false;
        switch (_state)
        {
            case ProcessState.Starting or ProcessState.Running when _process is not null:
                BeginStop("operator stop");
                return;
            case ProcessState.Stopping when _process is not null:
                CancelPendingSpawn();
                return;
            case ProcessState.Stopped:
                CancelPendingSpawn();
                return;
            default:
                CancelPendingSpawn();
                SweepEnded();
                Transition(ProcessState.Stopped, "operator stop");
                return;
        }
    }

    private void OnRestart()
    {
        _plan.Plan = null;
        _ctx.Registry.SetWanted(Name, true);
        switch (_state)
        {
            case ProcessState.Starting or ProcessState.Running when _process is not null:
                _restartAfterStop = true;
                BeginStop("operator restart");
                return;
            case ProcessState.Stopping when _process is not null:
                _restartAfterStop = true;
                return;
            default:
                CancelPendingSpawn();
                Spawn("operator restart");
                return;
        }
    }

    private void OnRelaunch(Relaunch relaunch)
    {
        if (!_ctx.Registry.IsWanted(Name) || _process is not null)
        {
            // An operator stopped the instance while the decision was on its way.
            return;
        }

        if (relaunch.Delay <= TimeSpan.Zero)
        {
            Spawn("restart");
            return;
        }

        Transition(ProcessState.Backoff, relaunch.Reason);
        Emit(EventNames.Backoff, ("delay_ms", (long)relaunch.Delay.TotalMilliseconds), ("attempt", relaunch.Attempt), ("reason", relaunch.Reason));
        var generation = ++_generation;
        Timers.StartSingleTimer(SpawnTimer, new SpawnDue(generation, "restart after backoff"), relaunch.Delay);
    }

    private void OnPark(Park park)
    {
        if (_process is not null || !_ctx.Registry.IsWanted(Name))
        {
            return;
        }

        if (park.State == ProcessState.Fatal)
        {
            Transition(ProcessState.Fatal, park.Reason);
            Emit(EventNames.Fatal, ("reason", park.Reason), ("retry_in_ms", _spec.FatalRetry is { } retry ? (long)retry.TotalMilliseconds : null));
        }
        else
        {
            Transition(ProcessState.Exited, park.Reason);
        }
    }

    private void OnSpawnDue(SpawnDue due)
    {
        if (due.Generation != _generation || _process is not null || !_ctx.Registry.IsWanted(Name))
        {
            return;
        }

        Spawn(due.Reason);
    }

    private void Spawn(string reason)
    {
        CancelPendingSpawn();
        var previous = _ctx.Registry.WhenGone(Name);
        if (!previous.IsCompleted)
        {
            // The process of an earlier incarnation is still in its stop ladder: never run two at once.
            var generation = ++_generation;
            previous.PipeTo(Self, Self, () => new SpawnDue(generation, reason), _ => new SpawnDue(generation, reason));
            return;
        }

        // Owning no process, this incarnation's cached state may lag the registry: a predecessor's
        // detached stop ended in Stopped after this actor was created.
        _state = _ctx.Registry.StateOf(Name);
        DisposeProcess();
        LaunchPlan plan;
        try
        {
            plan = _plan.Plan ??= LaunchPlan.Build(_spec, _id, _ctx.WardenEnvironment, _ctx.CaptureOutput && _spec.Logs.Enabled, _ctx.ResolveCommand);
        }
        catch (FormatException ex)
        {
            FailToSpawn(reason, ex.Message, ex);
            return;
        }

        Transition(ProcessState.Starting, reason);
        var adopted = _ctx.Registry.TakeAdopted(Name);
        IChildProcess process;
        try
        {
            process = adopted ?? _ctx.Launcher.Start(Contain(plan.StartSpec)); // containment hook
        }
        catch (ProcessStartException ex)
        {
            FailToSpawn(reason, ex.Message, ex);
            return;
        }

        _process = process;
        _spawnedAt = Scheduler.Monotonic;
        var pid = process.Pid;
        var self = Self;
        _gone = _ctx.Registry.Track(Name, _id.Service, process, exit => self.Tell(new ProcessExitObserved(pid, exit), self));
        Emit(EventNames.Started, ("pid", pid), ("command", plan.DisplayCommand), ("args", plan.DisplayArgs), ("adopted", adopted is not null));
        AttachOutput(process);
        StartHealthCheck(plan);
        if (_spec.StartSeconds <= TimeSpan.Zero)
        {
            Transition(ProcessState.Running, "started");
        }
        else
        {
            Timers.StartSingleTimer(StartSecondsTimer, new StartSecondsElapsed(pid), _spec.StartSeconds);
        }

        if (_spec.MaxMemoryBytes is not null && _spec.MemoryCheckInterval > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(MemoryTimer, new MemoryCheckDue(pid), _spec.MemoryCheckInterval);
        }
    }

    private void FailToSpawn(string reason, string error, Exception cause)
    {
        _plan.Plan = null;
        if (_state != ProcessState.Starting)
        {
            Transition(ProcessState.Starting, reason);
        }

        Emit(EventNames.SpawnFailed, ("error", error), ("command", _spec.Command));
        Transition(ProcessState.Backoff, error);
        throw new StartFailedException(Name, error, cause);
    }

    private void OnExit(ProcessExitObserved exited)
    {
        if (_process is null || exited.Pid != _process.Pid)
        {
            return;
        }

        if (HoldExitForLeftovers(exited, _process)) return; // containment hook

        var ranFor = Scheduler.Monotonic - _spawnedAt;
        var exit = exited.Exit;
        var process = _process;
        EndProcess();
        if (_state == ProcessState.Stopping)
        {
            // A requested stop leaves nothing behind: daemons that escaped the process group go too.
            KillTreeDetached(process);
            Emit(EventNames.Stopped, ("pid", exited.Pid), ("code", exit.ExitCode), ("signal", exit.Signal), ("ran_for_ms", (long)ranFor.TotalMilliseconds));
            Transition(ProcessState.Stopped, "stopped");
            if (_restartAfterStop)
            {
                _restartAfterStop = false;
                Spawn("operator restart");
            }

            return;
        }

        _ctx.Registry.RememberEnded(Name, process);
        var failedStart = _state == ProcessState.Starting;
        Emit(
            EventNames.Exited,
            ("pid", exited.Pid),
            ("code", exit.ExitCode),
            ("signal", exit.Signal),
            ("core_dumped", exit.CoreDumped),
            ("ran_for_ms", (long)ranFor.TotalMilliseconds),
            ("failed_start", failedStart));
        if (failedStart)
        {
            Transition(ProcessState.Backoff, $"exited too quickly ({exit})");
            throw new StartFailedException(Name, exited.Pid, exit, ranFor);
        }

        Transition(ProcessState.Exited, exit.ToString());
        throw new ProcessExitedException(Name, exited.Pid, exit, ranFor);
    }

    private void OnStartSecondsElapsed(StartSecondsElapsed elapsed)
    {
        if (_process?.Pid == elapsed.Pid && _state == ProcessState.Starting)
        {
            Transition(ProcessState.Running, $"up for start-seconds ({_spec.StartSeconds.TotalSeconds:0.###} s)");
        }
    }

    private void BeginStop(string reason)
    {
        var process = _process!;
        Timers.Cancel(StartSecondsTimer);
        Timers.Cancel(MemoryTimer);
        StopHealthCheck();
        Transition(ProcessState.Stopping, reason);
        Emit(EventNames.Stopping, ("pid", process.Pid), ("signal", _spec.Stop.Signal.ToString()), ("timeout_ms", (long)_spec.Stop.Timeout.TotalMilliseconds), ("reason", reason));
        SweepEnded();
        if (_spec.Stop.Signal == ProcessSignal.SIGKILL || _spec.Stop.Timeout <= TimeSpan.Zero)
        {
            Kill(process, "stop signal is SIGKILL or stop.timeout is 0");
            return;
        }

        SignalForStop(process); // containment hook
        Timers.StartSingleTimer(StopTimer, new StopTimeoutElapsed(process.Pid), _spec.Stop.Timeout);
    }

    private void OnStopTimeout(StopTimeoutElapsed timeout)
    {
        if (_process is { } process && process.Pid == timeout.Pid && _state == ProcessState.Stopping)
        {
            Kill(process, $"no exit within stop.timeout ({_spec.Stop.Timeout.TotalSeconds:0.###} s) after {_spec.Stop.Signal}");
        }
    }

    private void Kill(IChildProcess process, string reason)
    {
        Emit(EventNames.Killed, ("pid", process.Pid), ("reason", reason));
        KillTreeDetached(process);
    }

    /// <summary>Kills the leftovers of processes that ended on their own (systemd's KillMode=control-group, applied at stop).</summary>
    private void SweepEnded()
    {
        var ended = _ctx.Registry.TakeEnded(Name);
        if (ended.Count == 0)
        {
            return;
        }

        var log = _ctx.Log;
        var launcher = _ctx.Launcher;
        var instance = Name;
        _ctx.Detached.Run(() =>
        {
            try
            {
                launcher.KillLeftovers(ended);
                launcher.ReapOrphans();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                log.Warning(ex, "Killing what the ended processes of {Instance} left behind failed", instance);
            }
        });
    }

    /// <summary>
    /// Kills a process tree off the actor's thread: a tree kill walks processes and waits for deaths,
    /// which must delay neither this instance's mailbox nor a restart.
    /// </summary>
    private void KillTreeDetached(IChildProcess process)
    {
        var log = _ctx.Log;
        var launcher = _ctx.Launcher;
        var instance = Name;
        var killMode = _spec.KillMode; // containment hook
        _ctx.Detached.Run(() =>
        {
            try
            {
                KillForStop(process, killMode); // containment hook

                // Killed daemons that had escaped the process group are the warden's children now:
                // reap them at once instead of leaving zombies until the guardian's next tick.
                launcher.ReapOrphans();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                log.Warning(ex, "Killing the tree of {Instance} (pid {Pid}) failed", instance, process.Pid);
            }
        });
    }

    private void OnMemoryCheck(MemoryCheckDue check)
    {
        if (CheckKernelMemory(check)) return; // containment hook
        if (_process?.Pid != check.Pid || _spec.MaxMemoryBytes is not { } limit || _state is not (ProcessState.Starting or ProcessState.Running))
        {
            return;
        }

        var rss = _ctx.ReadTreeRss(check.Pid);
        if (rss is not { } bytes)
        {
            return;
        }

        _ctx.RssObserved?.Invoke(Name, bytes);
        if (bytes > limit)
        {
            Emit(EventNames.MemoryExceeded, ("pid", check.Pid), ("rss_bytes", bytes), ("limit_bytes", limit));
            throw new MemoryLimitExceededException(Name, check.Pid, bytes, limit);
        }
    }

    private void OnHealthChanged(HealthChanged changed)
    {
        if (_health is null || !Sender.Equals(_health))
        {
            return;
        }

        Emit(EventNames.Health, ("state", changed.State.ToString().ToLowerInvariant()), ("detail", changed.Detail));
    }

    private void AttachOutput(IChildProcess process)
    {
        if (!_ctx.CaptureOutput || !_spec.Logs.Enabled || (process.StandardOutput is null && process.StandardError is null))
        {
            return;
        }

        _logs ??= Context.ActorOf(LogShipperActor.Props(_spec.Logs, _id.Service, Name, _ctx.Log, _ctx.Events.Publisher), "logs");
        _logs.Tell(new AttachOutput(process.Pid, process.StandardOutput, process.StandardError), Self);
    }

    private void StartHealthCheck(LaunchPlan plan)
    {
        if (plan.Health.Type == HealthCheckType.None)
        {
            return;
        }

        try
        {
            var probe = _ctx.HealthProbes(plan.Health, plan.StartSpec.Environment);
            _health = Context.ActorOf(HealthCheckActor.Props(plan.Health, probe, Name), $"health-{++_healthChecks}");
            Emit(EventNames.Health, ("state", "starting"), ("detail", $"{plan.Health.Type.ToString().ToLowerInvariant()} check every {plan.Health.Interval.TotalSeconds:0.###} s"));
        }
        catch (ArgumentException ex)
        {
            Emit(EventNames.Health, ("state", "unhealthy"), ("detail", ex.Message));
        }
    }

    private void StopHealthCheck()
    {
        if (_health is not null)
        {
            Context.Stop(_health);
            _health = null;
        }
    }

    private void EndProcess()
    {
        Timers.Cancel(StartSecondsTimer);
        Timers.Cancel(StopTimer);
        Timers.Cancel(MemoryTimer);
        StopHealthCheck();
        DisposeProcess();
        _ended = _process;
        _process = null;
        _gone = null;
    }

    private void DisposeProcess()
    {
        // Released one spawn later than the exit, so the log shipper has drained the last output of the
        // previous process before its pipes close.
        _ended?.Dispose();
        _ended = null;
    }

    private void SafeSignal(IChildProcess process, ProcessSignal signal)
    {
        try
        {
            process.Signal(signal);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            _ctx.Log.Warning(ex, "Sending {Signal} to {Instance} (pid {Pid}) failed", signal, Name, process.Pid);
        }
    }

    private void CancelPendingSpawn()
    {
        _generation++;
        Timers.Cancel(SpawnTimer);
    }


    private void Transition(ProcessState to, string reason)
    {
        if (_state == to)
        {
            return;
        }

        if (!InstanceStateMachine.CanMove(_state, to))
        {
            _ctx.Log.Error("Refused state transition {From} -> {To} of {Instance} ({Reason})", _state, to, Name, reason);
            return;
        }

        var from = _state;
        _state = to;
        _ctx.Registry.SetState(Name, to);
        Emit(EventNames.State, ("from", InstanceStateMachine.Name(from)), ("to", InstanceStateMachine.Name(to)), ("reason", reason));
    }

    private void Emit(string name, params (string Key, object? Value)[] fields) =>
        _ctx.Events.Emit(name, _id.Service, Name, fields);
}
