using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes.Notify;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Notify;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The instance's side of the sd_notify protocol (issue 16): its notify socket, readiness on READY=1
/// (<c>ready = notify</c>), heartbeats for the heartbeat check, and STATUS/STOPPING/RELOADING/MAINPID
/// notices. Datagrams arrive as <see cref="NotifyReceived"/>, parsed on the receiver's thread; the
/// sender is checked here, against the pids only this actor knows (<see cref="NotifySenderCheck"/>).
/// </summary>
/// <remarks>
/// The socket belongs to the instance actor's cell (its <see cref="InstanceSlot"/>): opened at the first
/// spawn, kept across Akka's restarts (the cached launch plan keeps pointing at it), closed in PostStop. A
/// datagram that arrives between two processes, from a process outside the instance, or too long is
/// dropped; refusals are counted and reported at the 1st, 10th, 100th... so a flood cannot flood the
/// event log (the decision log writes each report as a warning).
/// </remarks>
public sealed partial class ProcessActor
{
    private const string ReadyTimer = "ready";
    private const string ReadyKillTimer = "ready-kill";

    private int? _mainPid;
    private long _notifyRefused;

    /// <summary>Handles the notify protocol's messages; false for any other.</summary>
    private bool OnNotifyMessage(object message)
    {
        switch (message)
        {
            case NotifyReceived notify:
                OnNotify(notify);
                return true;
            case ReadyTimeoutElapsed timeout:
                OnReadyTimeout(timeout);
                return true;
            case ReadyStopTimeoutElapsed timeout:
                OnReadyStopTimeout(timeout);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Spawn hook, before the launch plan: opens this incarnation's socket when the service uses the protocol.</summary>
    private void OpenNotifyChannel(string reason)
    {
        _mainPid = null;
        if (!_spec.UsesNotify || _slot.Notify is not null)
        {
            return;
        }

        if (_ctx.NotifyChannels is not { } channels)
        {
            FailToSpawn(reason, "ready = notify and heartbeat checks need a notify socket, which this warden has none of (virtual time)", new InvalidOperationException("no notify channels"));
            return;
        }

        var self = Self;
        try
        {
            _slot.Notify = channels.Open(Name, _spec.User, datagram => self.Tell(NotifyReceived.From(datagram), ActorRefs.NoSender));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or Processes.ProcessStartException)
        {
            FailToSpawn(reason, ex.Message, ex);
        }
    }

    /// <summary>PostStop hook.</summary>
    private void CloseNotifyChannel()
    {
        _slot.Notify?.Dispose();
        _slot.Notify = null;
    }

    /// <summary>
    /// Spawn hook, at every spawn: tells the socket which pid to expect, and with ready = notify keeps
    /// the process Starting until READY=1 or start-timeout (true: the caller starts no start-seconds timer).
    /// A survivor of the previous warden that is adopted said READY=1 long ago and will not again: it is
    /// Running at once (as systemd treats its services after a re-exec); its heartbeats reach the socket,
    /// which is bound again at the same path.
    /// </summary>
    private bool AwaitReady(int pid, bool adopted)
    {
        _slot.Notify?.ExpectSender(pid);
        if (_spec.Ready != ReadyMode.Notify)
        {
            return false;
        }

        if (adopted)
        {
            Transition(ProcessState.Running, "adopted: it sent READY=1 to the previous warden");
            return true;
        }

        Timers.StartSingleTimer(ReadyTimer, new ReadyTimeoutElapsed(pid), _spec.StartTimeout);
        return true;
    }

    /// <summary>StartHealthCheck hook: a heartbeat check is a child that waits for WATCHDOG=1 instead of probing.</summary>
    private bool StartHeartbeatCheck(HealthSpec health)
    {
        if (health.Type != HealthCheckType.Heartbeat)
        {
            return false;
        }

        _health = Context.ActorOf(HeartbeatCheckActor.Props(health, Name), $"health-{++_healthChecks}");
        Emit(new HealthEvent(HealthState.Starting, $"heartbeat: WATCHDOG=1 at least every {HeartbeatCheckActor.Limit(health).TotalSeconds:0.###} s"));
        return true;
    }

    private void OnNotify(NotifyReceived received)
    {
        if (Process is not { } process)
        {
            return;
        }

        if (NotifySenderCheck.Refusal(received.Sender, received.Truncated, process.Pid, _mainPid) is { } refusal)
        {
            Refuse(received.Sender, refusal);
            return;
        }

        var message = received.Message;
        if (message.MainPid is { } main)
        {
            AnnounceMain(main, process, received.Sender!);
        }

        if (message.Ready)
        {
            OnReady(process.Pid);
        }

        if (_health is not null && _spec.Health.Type == HealthCheckType.Heartbeat)
        {
            if (message.WatchdogTrigger)
            {
                _health.Tell(HeartbeatTriggered.Instance, Self);
            }
            else if (message.Watchdog)
            {
                _health.Tell(Heartbeat.Instance, Self);
            }
        }

        if (message.HasNotice)
        {
            Emit(NotifyNotice.Of(received.Sender!.Pid, message));
        }
    }

    private void OnReady(int pid)
    {
        if (_spec.Ready != ReadyMode.Notify || _slot.State != ProcessState.Starting)
        {
            return;
        }

        Timers.Cancel(ReadyTimer);
        var after = Scheduler.Monotonic - _slot.SpawnedAt;
        Transition(ProcessState.Running, $"sent READY=1 after {after.TotalSeconds:0.###} s");
        Emit(new ReadyEvent(pid, (long)after.TotalMilliseconds));
    }

    private void OnReadyTimeout(ReadyTimeoutElapsed elapsed)
    {
        if (Process?.Pid != elapsed.Pid || _slot.State != ProcessState.Starting)
        {
            return;
        }

        // As systemd at TimeoutStartSec: the stop ladder runs while the instance stays Starting, so
        // the exit that follows is a failed start like any early exit, decided with the process gone
        // (a Fatal or stay-exited outcome parks the instance, which a live process would prevent).
        var process = Process!;
        Emit(new StartTimeoutEvent(elapsed.Pid, (long)_spec.StartTimeout.TotalMilliseconds));
        if (_spec.Stop.Signal == Processes.ProcessSignal.SIGKILL || _spec.Stop.Timeout <= TimeSpan.Zero)
        {
            Kill(process, $"no READY=1 within start-timeout ({_spec.StartTimeout.TotalSeconds:0.###} s)");
            return;
        }

        SafeSignal(process, _spec.Stop.Signal);
        Timers.StartSingleTimer(ReadyKillTimer, new ReadyStopTimeoutElapsed(elapsed.Pid), _spec.Stop.Timeout);
    }

    private void OnReadyStopTimeout(ReadyStopTimeoutElapsed elapsed)
    {
        if (Process is { } process && process.Pid == elapsed.Pid && _slot.State == ProcessState.Starting)
        {
            Kill(process, $"no exit within stop.timeout ({_spec.Stop.Timeout.TotalSeconds:0.###} s) after start-timeout");
        }
    }

    /// <summary>
    /// SupervisorStrategy hook: a heartbeat check's failure is reported here, in the decider, because
    /// its parent is restarted by the escalation before it could read a notice from the child.
    /// </summary>
    private Exception ReportHeartbeatFailure(Exception cause)
    {
        if (cause is HealthCheckFailedException failed && _spec.Health.Type == HealthCheckType.Heartbeat)
        {
            Emit(new HealthEvent(HealthState.Unhealthy, failed.Detail));
        }

        return cause;
    }

    private void Refuse(NotifySender? sender, string reason)
    {
        var refused = ++_notifyRefused;
        if (!IsPowerOfTen(refused))
        {
            return;
        }

        Emit(new NotifyRefusedEvent(sender?.Pid, sender?.Uid, reason, refused));
    }

    private static bool IsPowerOfTen(long value)
    {
        while (value >= 10 && value % 10 == 0)
        {
            value /= 10;
        }

        return value == 1;
    }
}
