using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tree.Failures;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

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
/// It is the one owner of the instance's state: every change goes through <see cref="Transition"/>,
/// which checks the transition table, records the state and publishes the event, like supervisord's
/// change_state. The state lives in an <see cref="InstanceSlot"/> of the actor's cell, so it survives
/// Akka's restarts of this actor. Process exits arrive by PipeTo, so the path from exit to respawn is:
/// exit message → throw → supervisor decision → restart → <see cref="Relaunch"/> → spawn, with no
/// timer when the backoff delay is zero. The actor is restarted only once its process has ended: a
/// failed health check or the memory limit first stops the process, then fails (<see cref="FailAfterStop"/>);
/// a restart of its service or group stops it through a stop wave (<see cref="HoldAndStop"/>) while
/// the actor stays. So no process ever outlives the actor that owns it, and no two run at once.
/// </remarks>
public sealed partial class ProcessActor : UntypedActor, IWithTimers
{
    private readonly InstanceIdentity _id;
    private ServiceSpec _spec;
    private readonly TreeContext _ctx;
    private readonly InstanceSlot _slot;
    private int _healthChecks;
    private IActorRef? _health;

    // The check _health runs when it is a HealthCheckActor: it outlives the process and checks the next
    // one with the same spec. Null for a heartbeat check, which is made for each process.
    private HealthSpec? _healthProbing;

    // Which process the probing check is on: its notices carry it, and older ones are ignored.
    private long _healthRun;

    // What the probing check does, in its starting notice; worded once per check, not per restart.
    private string _healthDetail = string.Empty;

    // The reason of the move to Running once start-seconds passed, worded once per spec.
    private string? _upReason;

    private const string SpawnTimer = "spawn";
    private const string StartSecondsTimer = "start-seconds";
    private const string StopTimer = "stop";
    private const string MemoryTimer = "memory";

    private ProcessActor(InstanceIdentity id, ServiceSpec spec, TreeContext ctx, InstanceSlot slot)
    {
        _slot = slot;
        _id = id;
        _spec = spec;
        _ctx = ctx;
    }

    /// <summary>
    /// A switch, not ReceiveActor's handlers: Akka makes a new instance at every restart of the process,
    /// and ReceiveActor registered its thirty handlers and built their matcher each time, on every restart of
    /// a crash loop and every crash of a simulated day. Each arm names the one message type it handles.
    /// </summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ProcessExitObserved exit:
                OnExit(exit);
                break;
            case SpawnDue due:
                OnSpawnDue(due);
                break;
            case Relaunch relaunch:
                OnRelaunch(relaunch);
                break;
            case StartSecondsElapsed elapsed:
                OnStartSecondsElapsed(elapsed);
                break;
            case HealthChanged changed:
                OnHealthChanged(changed);
                break;
            case StartInstance:
                OnStart();
                break;
            case ResumeInstance:
                OnResume();
                break;
            case StopInstance:
                OnStop();
                break;
            case RestartInstance:
                OnRestart();
                break;
            case Park park:
                OnPark(park);
                break;
            case StopTimeoutElapsed timeout:
                OnStopTimeout(timeout);
                break;
            case MemoryCheckDue due:
                OnMemoryCheck(due);
                break;
            case FailAfterStop failure:
                StopThenFail(failure.Cause, failure.Reason);
                break;
            case HoldAndStop hold:
                OnHoldAndStop(hold);
                break;
            case StandDown:
                _slot.Wanted = false;
                break;
            case Hold:
                _slot.Held = true;
                CancelPendingSpawn();
                break;
            case GiveUpInstance giveUp:
                OnGiveUp(giveUp);
                break;
            case RetryIfFatal:
                if (_slot.State == ProcessState.Fatal && _slot.Wanted && !_slot.Held)
                {
                    OnStart();
                }

                break;
            default:
                if (!OnServerCommand(message) && !OnNotifyMessage(message) && !OnContainmentMessage(message))
                {
                    Unhandled(message);
                }

                break;
        }
    }

    /// <summary>Props of the ProcessActor of <paramref name="id"/>.</summary>
    /// <param name="id">The instance.</param>
    /// <param name="spec">Its service.</param>
    /// <param name="ctx">Shared collaborators.</param>
    /// <param name="wanted">Whether it is wanted up from the start (a reload keeps what was up).</param>
    /// <param name="held">Whether it waits for the guardian's resume instead of starting by itself.</param>
    public static Props Props(InstanceIdentity id, ServiceSpec spec, TreeContext ctx, bool wanted = false, bool held = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(ctx);

        // One slot per cell: Akka re-runs the factory at each restart, and every incarnation gets it.
        var slot = new InstanceSlot(wanted, held);
        return ActorProps.Of(() => new ProcessActor(id, slot.Spec ?? spec, ctx, slot));
    }

    private string Name => _id.Name;

    private IChildProcess? Process => _slot.Process;

    private IScheduler Scheduler => Context.System.Scheduler;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        // Hook (issue 11, operator log): a failed check is logged once by the decision log, not with Akka's stack trace.
        new InstanceChildStrategy(cause =>
        {
            if (ReportHeartbeatFailure(cause) is not HealthCheckFailedException failed)
            {
                return Directive.Restart;
            }

            // Only the current check can fail (the one before it was stopped first). Stopped now, it
            // cannot check the next process, which gets a new one; until the instance stops it, it stays
            // the current one, so its Unhealthy notice still counts.
            _healthProbing = null;

            // The instance decides about its failed check itself: stop the process, then fail.
            Self.Tell(new FailAfterStop(failed, failed.Message), Self);
            return Directive.Stop;
        });

    /// <inheritdoc />
    protected override void PreStart()
    {
        // A new instance actor (first start, a reload) comes up when it is wanted and not held; a
        // restarted one waits for its supervisor's Relaunch instead.
        if (_slot.Wanted && !_slot.Held)
        {
            Self.Tell(StartInstance.Instance, Self);
        }
    }

    /// <summary>
    /// A restart keeps the slot and the log shipper: only this incarnation's health check goes. One
    /// shipper writes an instance's log files for the actor's whole life; a new shipper per restart
    /// wrote the same files at its own offsets while the old one still drained, over each other's lines.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var child in Context.GetChildren().Where(child => !child.Equals(_slot.Logs)))
        {
            Context.Stop(child);
        }
    }

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
    }

    /// <summary>
    /// The actor really ends only after a stop wave (its process is gone) or when the actor system ends;
    /// a process still running then is killed, so nothing outlives its owner.
    /// </summary>
    protected override void PostStop()
    {
        if (_slot.Process is { } process)
        {
            _slot.Process = null;
            Emit(new KilledEvent(process.Pid, "its instance actor ended"));
            try
            {
                process.KillTree();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                _ctx.Log.Warning(ex, "Killing {Instance} (pid {Pid}) as its actor ended failed", Name, process.Pid);
            }

            _ctx.Roster.Tell(new ProcessEnded(Name, process, Remember: true), ActorRefs.NoSender);
            DisposeProcess();
            _slot.Ended = process;
        }

        ReplyDown();
        DisposeProcess();
        CloseNotifyChannel();
    }

    private void OnResume()
    {
        // Held by a stop wave until its dependencies were up: start only if still wanted.
        if (!_slot.Held)
        {
            return;
        }

        _slot.Held = false;
        if (_slot.Wanted)
        {
            OnStart();
        }
    }

    private void OnStart()
    {
        _slot.Plan = null;
        _slot.Held = false;
        _slot.Wanted = true;
        switch (_slot.State)
        {
            case ProcessState.Starting or ProcessState.Running when Process is not null:
                return;
            case ProcessState.Stopping when Process is not null:
                _slot.AfterStop = AfterStop.Start;
                _slot.FailWith = null;
                return;
            default:
                CancelPendingSpawn();
                Spawn(_slot.State == ProcessState.Fatal ? "start after fatal" : "start");
                return;
        }
    }

    private void OnStop()
    {
        _slot.Wanted = false;
        _slot.AfterStop = AfterStop.Nothing;
        _slot.FailWith = null;
        switch (_slot.State)
        {
            case ProcessState.Starting or ProcessState.Running when Process is not null:
                BeginStop("operator stop");
                return;
            case ProcessState.Stopping when Process is not null:
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
        _slot.Plan = null;
        _slot.Held = false;
        _slot.Wanted = true;
        switch (_slot.State)
        {
            case ProcessState.Starting or ProcessState.Running when Process is not null:
                _slot.AfterStop = AfterStop.Start;
                BeginStop("operator restart");
                return;
            case ProcessState.Stopping when Process is not null:
                _slot.AfterStop = AfterStop.Start;
                _slot.FailWith = null;
                return;
            default:
                CancelPendingSpawn();
                Spawn("operator restart");
                return;
        }
    }

    /// <summary>
    /// A stop wave's turn: the process stops through the ladder and the instance waits for the
    /// guardian's resume; the wave hears <see cref="InstanceDown"/> once no process runs.
    /// </summary>
    private void OnHoldAndStop(HoldAndStop hold)
    {
        _slot.Held = true;
        _slot.Retiring |= hold.Retire;
        _slot.AfterStop = AfterStop.Nothing;
        _slot.FailWith = null;
        CancelPendingSpawn();
        if (Process is null)
        {
            // Down already (exited, in backoff, fatal): the wave's stop is what it is now, so that a
            // successor actor, which begins Stopped after a reload, continues the same timeline.
            Transition(ProcessState.Stopped, hold.Reason);
            Sender.Tell(new InstanceDown(Name, _slot.Wanted), Self);
            return;
        }

        _slot.DownWaiters.Add(Sender);
        if (_slot.State != ProcessState.Stopping)
        {
            BeginStop(hold.Reason);
        }
    }

    /// <summary>The root gave up on this instance's group, whose processes are down: a wanted instance is Fatal until retried.</summary>
    private void OnGiveUp(GiveUpInstance giveUp)
    {
        if (Process is not null || !_slot.Wanted || _slot.State == ProcessState.Fatal)
        {
            return;
        }

        CancelPendingSpawn();
        Transition(ProcessState.Fatal, giveUp.Reason);
        Emit(new FatalEvent(giveUp.Reason, _spec.FatalRetry is { } retry ? (long)retry.TotalMilliseconds : null));
    }

    private void OnRelaunch(Relaunch relaunch)
    {
        if (!_slot.Wanted || _slot.Held || Process is not null)
        {
            // An operator stopped the instance, or a stop wave holds it, while the decision was on its way.
            return;
        }

        if (relaunch.Delay <= TimeSpan.Zero)
        {
            Spawn("restart");
            return;
        }

        Transition(ProcessState.Backoff, relaunch.Reason);
        Emit(new BackoffEvent((long)relaunch.Delay.TotalMilliseconds, relaunch.Attempt, relaunch.Reason));
        var generation = ++_slot.Generation;
        Timers.StartSingleTimer(SpawnTimer, new SpawnDue(generation, "restart after backoff"), relaunch.Delay);
    }

    private void OnPark(Park park)
    {
        if (Process is not null || !_slot.Wanted || _slot.Held)
        {
            return;
        }

        if (park.State == ProcessState.Fatal)
        {
            Transition(ProcessState.Fatal, park.Reason);
            Emit(new FatalEvent(park.Reason, _spec.FatalRetry is { } retry ? (long)retry.TotalMilliseconds : null));
        }
        else
        {
            Transition(ProcessState.Exited, park.Reason);
        }
    }

    private void OnSpawnDue(SpawnDue due)
    {
        if (due.Generation != _slot.Generation || Process is not null || !_slot.Wanted || _slot.Held)
        {
            return;
        }

        Spawn(due.Reason);
    }

    private void Spawn(string reason)
    {
        CancelPendingSpawn();
        if (_ctx.Stopping.IsCancellationRequested)
        {
            // The warden is stopping; the StandDown that says so may still be queued behind this spawn's cause.
            _slot.Wanted = false;
            return;
        }

        if (_slot.Retiring)
        {
            // Replaced by a reload: the successor actor starts the instance if it is wanted.
            return;
        }

        IChildProcess? adopted = null;
        if (!_slot.SurvivorConsidered && _ctx.Survivors.TryGetValue(Name, out var survivor) && !survivor.Process.Exited.IsCompleted)
        {
            if (!survivor.Adopted)
            {
                // A survivor of a previous warden is being killed: wait until it is gone (no port clash).
                var generation = ++_slot.Generation;
                survivor.Process.Exited.PipeTo(Self, Self, _ => new SpawnDue(generation, reason), _ => new SpawnDue(generation, reason));
                return;
            }

            adopted = survivor.Process;
        }

        _slot.SurvivorConsidered = true;
        DisposeProcess();
        OpenNotifyChannel(reason);
        LaunchPlan plan;
        try
        {
            plan = _slot.Plan ??= LaunchPlan.Build(_spec, _id, _ctx.WardenEnvironment, _ctx.CaptureOutput && _spec.Logs.Enabled, _ctx.ResolveCommand, _slot.Notify?.Address);
        }
        catch (FormatException ex)
        {
            FailToSpawn(reason, ex.Message, ex);
            return;
        }

        if (AwaitPreStart(plan, reason))
        {
            return;
        }

        Transition(ProcessState.Starting, reason);
        IChildProcess process;
        try
        {
            process = adopted ?? _ctx.Launcher.Start(Contain(plan.StartSpec));
        }
        catch (ProcessStartException ex)
        {
            FailToSpawn(reason, ex.Message, ex);
            return;
        }

        _slot.Process = process;
        _slot.SpawnedAt = Scheduler.Monotonic;
        var pid = process.Pid;
        process.Exited.PipeTo(Self, Self, exit => new ProcessExitObserved(pid, exit), _ => new ProcessExitObserved(pid, ProcessExit.Unknown));
        _ctx.Roster.Tell(new ProcessSpawned(Name, _id.Service, process), ActorRefs.NoSender);
        Emit(new StartedEvent(pid, plan.DisplayCommand, plan.DisplayArgs, adopted is not null));
        AttachOutput(process);
        StartHealthCheck(plan);
        // With ready = notify the instance is Running on READY=1 and a failed start at start-timeout.
        var awaitsReady = AwaitReady(pid, adopted is not null);
        if (!awaitsReady && _spec.StartSeconds <= TimeSpan.Zero)
        {
            Transition(ProcessState.Running, "started");
        }
        else if (!awaitsReady)
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
        _slot.Plan = null;
        if (_slot.State != ProcessState.Starting)
        {
            Transition(ProcessState.Starting, reason);
        }

        Emit(new SpawnFailedEvent(error, _spec.Command));
        Transition(ProcessState.Backoff, error);
        throw new StartFailedException(Name, error, cause);
    }

    private void OnExit(ProcessExitObserved exited)
    {
        if (Process is not { } process || exited.Pid != process.Pid)
        {
            return;
        }

        if (HandOverToMain(exited, process) || HoldExitForLeftovers(exited, process))
        {
            return;
        }

        var ranFor = Scheduler.Monotonic - _slot.SpawnedAt;
        var exit = exited.Exit;
        var stopping = _slot.State == ProcessState.Stopping;
        EndProcess();
        _ctx.Roster.Tell(new ProcessEnded(Name, process, Remember: !stopping), ActorRefs.NoSender);
        RunPostStop(exited.Pid);
        if (stopping)
        {
            // A requested stop leaves nothing behind: daemons that escaped the process group go too.
            KillTreeDetached(process);
            Emit(new StoppedEvent(exited.Pid, exit.ExitCode, exit.Signal, (long)ranFor.TotalMilliseconds));
            Transition(ProcessState.Stopped, "stopped");
            ReplyDown();
            var after = _slot.AfterStop;
            var failure = _slot.FailWith;
            _slot.AfterStop = AfterStop.Nothing;
            _slot.FailWith = null;
            if (after == AfterStop.Start && !_slot.Held)
            {
                Spawn("operator restart");
            }
            else if (after == AfterStop.Fail && failure is not null)
            {
                throw failure;
            }

            return;
        }

        if (_slot.Held)
        {
            // Its stop was waiting for its turn in a stop wave: the end counts as that stop, not as a failure.
            Transition(ProcessState.Stopping, "ended before its turn to stop");
            Emit(new StoppedEvent(exited.Pid, exit.ExitCode, exit.Signal, (long)ranFor.TotalMilliseconds));
            Transition(ProcessState.Stopped, "stopped");
            ReplyDown();
            return;
        }

        var failedStart = _slot.State == ProcessState.Starting;
        Emit(new ExitedEvent(exited.Pid, exit.ExitCode, exit.Signal, exit.CoreDumped, (long)ranFor.TotalMilliseconds, failedStart));
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
        if (Process?.Pid == elapsed.Pid && _slot.State == ProcessState.Starting)
        {
            Transition(ProcessState.Running, _upReason ??= $"up for start-seconds ({_spec.StartSeconds.TotalSeconds:0.###} s)");
        }
    }

    /// <summary>
    /// A failed health check or the memory limit: the process stops through the ladder first, and the
    /// failure reaches the supervisor only once it is gone.
    /// </summary>
    private void StopThenFail(Exception cause, string reason)
    {
        if (Process is null || _slot.State is not (ProcessState.Starting or ProcessState.Running))
        {
            return;
        }

        _slot.AfterStop = AfterStop.Fail;
        _slot.FailWith = cause;
        BeginStop(reason);
    }

    private void BeginStop(string reason)
    {
        var process = Process!;
        Timers.Cancel(StartSecondsTimer);
        Timers.Cancel(MemoryTimer);
        StopHealthCheck();
        Transition(ProcessState.Stopping, reason);
        Emit(new StoppingEvent(process.Pid, _spec.Stop.Signal.ToString(), (long)_spec.Stop.Timeout.TotalMilliseconds, reason));
        SweepEnded();
        if (_spec.Stop.Signal == ProcessSignal.SIGKILL || _spec.Stop.Timeout <= TimeSpan.Zero)
        {
            Kill(process, "stop signal is SIGKILL or stop.timeout is 0");
            return;
        }

        SignalForStop(process);
        Timers.StartSingleTimer(StopTimer, new StopTimeoutElapsed(process.Pid), _spec.Stop.Timeout);
    }

    private void OnStopTimeout(StopTimeoutElapsed timeout)
    {
        if (Process is { } process && process.Pid == timeout.Pid && _slot.State == ProcessState.Stopping)
        {
            Kill(process, $"no exit within stop.timeout ({_spec.Stop.Timeout.TotalSeconds:0.###} s) after {_spec.Stop.Signal}");
        }
    }

    private void Kill(IChildProcess process, string reason)
    {
        Emit(new KilledEvent(process.Pid, reason));
        KillTreeDetached(process);
    }

    /// <summary>Kills the leftovers of processes that ended on their own (systemd's KillMode=control-group, applied at stop).</summary>
    private void SweepEnded() => _ctx.Roster.Tell(new SweepLeftovers(Name), ActorRefs.NoSender);

    /// <summary>
    /// Kills a process tree off the actor's thread: a tree kill walks processes and waits for deaths,
    /// which must delay neither this instance's mailbox nor a restart.
    /// </summary>
    private void KillTreeDetached(IChildProcess process)
    {
        var log = _ctx.Log;
        var launcher = _ctx.Launcher;
        var instance = Name;
        var killMode = _spec.KillMode;
        _ctx.Detached.Run(() =>
        {
            try
            {
                KillForStop(process, killMode);

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
        if (CheckKernelMemory(check))
        {
            return;
        }

        if (Process?.Pid != check.Pid || _spec.MaxMemoryBytes is not { } limit || _slot.State is not (ProcessState.Starting or ProcessState.Running))
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
            Emit(new MemoryExceededEvent(check.Pid, bytes, limit));
            var exceeded = new MemoryLimitExceededException(Name, check.Pid, bytes, limit);
            StopThenFail(exceeded, exceeded.Message);
        }
    }

    private void OnHealthChanged(HealthChanged changed)
    {
        if (_health is null || !Sender.Equals(_health) || (_healthProbing is not null && changed.Run != _healthRun))
        {
            return;
        }

        Emit(new HealthEvent(changed.State, changed.Detail));
    }

    private void AttachOutput(IChildProcess process)
    {
        if (!_ctx.CaptureOutput || !_spec.Logs.Enabled || (process.StandardOutput is null && process.StandardError is null))
        {
            return;
        }

        // Log settings never change under a live actor: a reload that changes them restarts the service
        // through a successor actor (RestartScope), which makes its own shipper.
        _slot.Logs ??= Context.ActorOf(LogShipperActor.Props(_spec.Logs, _id.Service, Name, _ctx.Log, _ctx.Events.Publisher), "logs");
        var (stdout, stderr) = process.TakeOutput();
        _slot.Logs.Tell(new AttachOutput(process.Pid, stdout, stderr), Self);
    }

    private void StartHealthCheck(LaunchPlan plan)
    {
        if (plan.Health.Type == HealthCheckType.None || StartHeartbeatCheck(plan.Health))
        {
            return;
        }

        try
        {
            var probe = _ctx.HealthProbes(plan.Health, plan.StartSpec.Environment);
            if (_health is not null && ReferenceEquals(_healthProbing, plan.Health))
            {
                _health.Tell(new CheckProcess(probe, ++_healthRun), Self);
            }
            else
            {
                StopHealthCheck();
                _health = Context.ActorOf(HealthCheckActor.Props(plan.Health, probe, Name, ++_healthRun), $"health-{++_healthChecks}");
                _healthProbing = plan.Health;
                _healthDetail = $"{plan.Health.Type.ToString().ToLowerInvariant()} check every {plan.Health.Interval.TotalSeconds:0.###} s";
            }

            Emit(new HealthEvent(HealthState.Starting, _healthDetail));
        }
        catch (ArgumentException ex)
        {
            Emit(new HealthEvent(HealthState.Unhealthy, ex.Message));
        }
    }

    private void StopHealthCheck()
    {
        if (_health is not null)
        {
            Context.Stop(_health);
            _health = null;
            _healthProbing = null;
        }
    }

    /// <summary>The process ended: a probing check waits for the next one (a heartbeat check, made per process, stops).</summary>
    private void PauseHealthCheck()
    {
        if (_health is null || _healthProbing is null)
        {
            StopHealthCheck();
            return;
        }

        _health.Tell(PauseCheck.Instance, Self);
        _healthRun++;
    }

    private void EndProcess()
    {
        Timers.Cancel(StartSecondsTimer);
        Timers.Cancel(StopTimer);
        Timers.Cancel(MemoryTimer);
        PauseHealthCheck();
        DisposeProcess();
        _slot.Ended = _slot.Process;
        _slot.Process = null;
    }

    private void DisposeProcess()
    {
        // Released one spawn later than the exit (a Windows job handle). Pipes handed to the log shipper are
        // not closed here: their pump closes them at end of stream, however soon the next spawn comes.
        _slot.Ended?.Dispose();
        _slot.Ended = null;
        ReleaseMain();
    }

    private void ReplyDown()
    {
        foreach (var waiter in _slot.DownWaiters)
        {
            waiter.Tell(new InstanceDown(Name, _slot.Wanted), Self);
        }

        _slot.DownWaiters.Clear();
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
        CancelPreStart();
        _slot.Generation++;
        Timers.Cancel(SpawnTimer);
    }

    private void Transition(ProcessState to, string reason)
    {
        var from = _slot.State;
        if (from == to)
        {
            return;
        }

        if (!InstanceStateMachine.CanMove(from, to))
        {
            _ctx.Log.Error("Refused state transition {From} -> {To} of {Instance} ({Reason})", from, to, Name, reason);
            return;
        }

        _slot.State = to;
        Emit(new StateEvent(from, to, reason));
    }

    private void Emit(EventPayload payload) =>
        _ctx.Events.Emit(_id.Service, Name, payload);
}
