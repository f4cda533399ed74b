using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Processes;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The stop ladder of a process whose ProcessActor ended while it still ran (a health or memory
/// failure, a group or root restart, a reload): it outlives the actor, so it captures what it needs
/// and runs on the scheduler and the exit watcher. When the instance's stop is deferred
/// (<see cref="InstanceRegistry.DeferStop"/>), the stop signal waits for its turn in the reverse
/// dependency order; the end of the process is recorded whenever it comes, before the instance is
/// seen gone, so the status board and the guardian always see it.
/// </summary>
internal sealed class DetachedStop
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);
    private const string Reason = "instance actor stopped or restarted by its supervisor";

    private readonly IChildProcess _process;
    private readonly Task<ProcessExit> _gone;
    private readonly ProcessState _before;
    private readonly string _service;
    private readonly string _instance;
    private readonly StopSpec _stop;
    private readonly TreeContext _ctx;
    private readonly IScheduler _scheduler;

    private DetachedStop(IChildProcess process, Task<ProcessExit> gone, ProcessState before, string service, string instance, StopSpec stop, TreeContext ctx, IScheduler scheduler)
    {
        _process = process;
        _gone = gone;
        _before = before;
        _service = service;
        _instance = instance;
        _stop = stop;
        _ctx = ctx;
        _scheduler = scheduler;
    }

    /// <summary>Stops <paramref name="process"/> (in state <paramref name="state"/>) once its turn to stop comes.</summary>
    public static void Begin(IChildProcess process, Task<ProcessExit> gone, ProcessState state, string service, string instance, StopSpec stop, TreeContext ctx, IScheduler scheduler)
    {
        var detached = new DetachedStop(process, gone, state, service, instance, stop, ctx, scheduler);
        ctx.Registry.OnGoneDetached(instance, process, detached.Ended);
        var go = state == ProcessState.Stopping ? Task.CompletedTask : ctx.Registry.StopGo(instance);
        if (go.IsCompleted)
        {
            detached.Signal();
        }
        else
        {
            // Waiting before arriving: the release of a whole wave, which may follow this arrival at
            // once, then signals in the order it releases.
            go.ContinueWith(_ => detached.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        ctx.Registry.ArriveAtStop(instance);
    }

    private void Signal()
    {
        var pid = _process.Pid;
        if (_gone.IsCompleted)
        {
            return;
        }

        if (_before != ProcessState.Stopping)
        {
            // The state may have moved on (a parked group is Fatal already); the ladder of this process begins all the same.
            MoveToStopping(Reason);
            _ctx.Events.Emit(EventNames.Stopping, _service, _instance, ("pid", pid), ("signal", _stop.Signal.ToString()), ("timeout_ms", (long)_stop.Timeout.TotalMilliseconds), ("reason", Reason));

            try
            {
                _process.Signal(_stop.Signal);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                _ctx.Log.Warning(ex, "Sending {Signal} to {Instance} (pid {Pid}) failed", _stop.Signal, _instance, pid);
            }
        }

        var leftovers = _ctx.Registry.TakeEnded(_instance);
        _ctx.Detached.RunAfter(_stop.Timeout, () =>
        {
            if (!_gone.IsCompleted)
            {
                _ctx.Events.Emit(EventNames.Killed, _service, _instance, ("pid", pid), ("reason", $"no exit within stop.timeout after {_stop.Signal}"));
            }

            KillQuietly(_process);
            SweepQuietly(_ctx.Launcher, leftovers);
            ReapQuietly(_ctx.Launcher);
        });
    }

    private void Ended(ProcessExit exit)
    {
        // A process that ended while its stop waited for its turn is recorded as stopped all the same.
        if (_before != ProcessState.Stopping)
        {
            MoveToStopping("ended before its turn to stop");
        }

        _ctx.Events.Emit(EventNames.Stopped, _service, _instance, ("pid", _process.Pid), ("code", exit.ExitCode), ("signal", exit.Signal));

        // The instance's state must end too, or the status board and the guardian's dependency
        // tracker would keep it Stopping for ever (an on-give-up = exit warden would never exit).
        // A successor incarnation that already moved on (Backoff) owns the state: leave it.
        if (_ctx.Registry.TrySetState(_instance, ProcessState.Stopping, ProcessState.Stopped))
        {
            _ctx.Events.Emit(EventNames.State, _service, _instance, ("from", "stopping"), ("to", "stopped"), ("reason", "stopped"));
        }

        // The log shipper may have been stopped before it took these streams; release them
        // after a short drain instead of leaving the descriptors to the finalizer.
        _ctx.Detached.RunAfter(DrainGrace, _process.Dispose);
    }

    /// <summary>Moves the instance from the state its actor left it in to Stopping; false when something else moved it.</summary>
    private bool MoveToStopping(string reason)
    {
        if (!InstanceStateMachine.CanMove(_before, ProcessState.Stopping) || !_ctx.Registry.TrySetState(_instance, _before, ProcessState.Stopping))
        {
            return false;
        }

        _ctx.Events.Emit(EventNames.State, _service, _instance, ("from", InstanceStateMachine.Name(_before)), ("to", "stopping"), ("reason", reason));
        return true;
    }

    private static void ReapQuietly(IProcessLauncher launcher)
    {
        try
        {
            launcher.ReapOrphans();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Reaped by the guardian's next tick.
        }
    }

    private static void SweepQuietly(IProcessLauncher launcher, IReadOnlyList<IChildProcess> ended)
    {
        try
        {
            launcher.KillLeftovers(ended);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Gone meanwhile.
        }
    }

    private static void KillQuietly(IChildProcess process)
    {
        try
        {
            process.KillTree();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Gone meanwhile.
        }
    }
}
