using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// pre-start and post-stop (systemd ExecStartPre= / ExecStopPost=). A spawn with a pre-start first runs
/// the command (state Starting, no process yet); only its success lets the same spawn go on, and a
/// failure is a failed start with the command's output. post-stop runs after each end of the process
/// and only reports: the supervisor's decision does not wait for it.
/// </summary>
public sealed partial class ProcessActor
{
    /// <summary>The pre-start run this spawn waits for; a new spawn, a stop or a new incarnation makes older results stale.</summary>
    private object? _preStartRun;

    /// <summary>The pre-start of the current spawn attempt passed: the next call of Spawn launches the program.</summary>
    private bool _preStartPassed;

    /// <summary>Kills the running pre-start when the spawn it belongs to is given up (a stop, a new start).</summary>
    private CancellationTokenSource? _preStartCancel;

    /// <summary>
    /// Called by Spawn once the plan is built. True when a pre-start now runs, and Spawn must return: it
    /// is called again when the command succeeded.
    /// </summary>
    private bool AwaitPreStart(LaunchPlan plan, string reason)
    {
        if (_spec.Hooks.PreStart.Count == 0)
        {
            return false;
        }

        if (_preStartPassed)
        {
            _preStartPassed = false;
            return false;
        }

        ProcessStartSpec command;
        try
        {
            command = HookCommand.Plan(plan, _spec.Hooks.PreStart, $"services.{_id.Service}.pre-start", _ctx.ResolveCommand);
        }
        catch (FormatException ex)
        {
            FailToSpawn(reason, ex.Message, ex);
            return true;
        }

        Transition(ProcessState.Starting, reason);
        var run = new object();
        _preStartRun = run;
        _preStartCancel = new CancellationTokenSource();
        HookCommand.RunAsync(_ctx.Launcher, command, _spec.Hooks.Timeout, _preStartCancel.Token)
            .PipeTo(Self, Self, outcome => new PreStartFinished(run, reason, outcome), ex => new PreStartFinished(run, reason, new HookOutcome(command.FileName, null, false, string.Empty, ex.Message)));
        return true;
    }

    private void OnPreStartFinished(PreStartFinished done)
    {
        if (!ReferenceEquals(done.Token, _preStartRun))
        {
            return;
        }

        _preStartRun = null;
        _preStartCancel?.Dispose();
        _preStartCancel = null;
        var outcome = done.Outcome;
        Emit(new PreStartEvent(outcome.ToReport()));
        if (Process is not null || _slot.State != ProcessState.Starting || !_slot.Wanted)
        {
            // Stopped (or started some other way) while the command ran.
            return;
        }

        if (!outcome.Succeeded)
        {
            var error = $"pre-start failed: {outcome.Describe()}";
            FailToSpawn(done.Reason, error, new InvalidOperationException(error));
            return;
        }

        _preStartPassed = true;
        Spawn(done.Reason);
    }

    /// <summary>
    /// Called wherever a pending spawn is given up (an operator stop, a new start or restart): a pre-start
    /// still running is killed off the actor's thread (a tree kill may wait) and its result ignored.
    /// </summary>
    private void CancelPreStart()
    {
        _preStartRun = null;
        if (_preStartCancel is { } cancel)
        {
            _preStartCancel = null;
            _ctx.Detached.Run(() =>
            {
                cancel.Cancel();
                cancel.Dispose();
            });
        }
    }

    /// <summary>Called when the process ended (stopped, exited or killed): runs post-stop, reported when it ends.</summary>
    private void RunPostStop(int pid)
    {
        if (_spec.Hooks.PostStop.Count == 0 || _slot.Plan is not { } plan)
        {
            return;
        }

        ProcessStartSpec command;
        try
        {
            command = HookCommand.Plan(plan, _spec.Hooks.PostStop, $"services.{_id.Service}.post-stop", _ctx.ResolveCommand);
        }
        catch (FormatException ex)
        {
            _ctx.Log.Warning("{Instance}: post-stop cannot run: {Error}", Name, ex.Message);
            Emit(new PostStopEvent(pid, null, ex.Message));
            return;
        }

        HookCommand.RunAsync(_ctx.Launcher, command, _spec.Hooks.Timeout)
            .PipeTo(Self, Self, outcome => new PostStopFinished(pid, outcome), ex => new PostStopFinished(pid, new HookOutcome(command.FileName, null, false, string.Empty, ex.Message)));
    }

    private void OnPostStopFinished(PostStopFinished done)
    {
        Emit(new PostStopEvent(done.Pid, done.Outcome.ToReport()));
    }

}
