using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// What an operator does to a running program without restarting it: any signal to the main process or
/// its group (<c>warden signal</c>), and the service's own reload (<c>warden reload NAME</c>: its
/// reload.signal to the main process, or its reload.command). The pid stays, no restart is counted,
/// and an event says what was sent.
/// </summary>
public sealed partial class ProcessActor
{
    /// <summary>Handles the messages of this file, ProcessActor.PreStart.cs and ProcessActor.Update.cs; false for any other.</summary>
    private bool OnServerCommand(object message)
    {
        switch (message)
        {
            case SignalInstance signal:
                OnSignalInstance(signal);
                return true;
            case ReloadInstance:
                OnReloadInstance();
                return true;
            case ReloadCommandFinished finished:
                OnReloadCommandFinished(finished);
                return true;
            case PreStartFinished finished:
                OnPreStartFinished(finished);
                return true;
            case PostStopFinished finished:
                OnPostStopFinished(finished);
                return true;
            case UpdateInstanceSpec update:
                OnUpdateInstanceSpec(update);
                return true;
            default:
                return false;
        }
    }

    private bool HasLiveProcess => Process is not null && _slot.State is ProcessState.Starting or ProcessState.Running or ProcessState.Stopping;

    private void OnSignalInstance(SignalInstance signal)
    {
        var name = SignalNames.Name(signal.Signal);
        if (!HasLiveProcess)
        {
            Sender.Tell(new InstanceReply(Name, false, $"{Name} is {InstanceStateMachine.Name(_slot.State)}: no process to send {name} to"), Self);
            return;
        }

        var process = Process!;
        try
        {
            if (signal.Group)
            {
                process.Signal(signal.Signal);
            }
            else
            {
                process.SignalMain(signal.Signal);
            }
        }
        catch (InvalidOperationException ex)
        {
            Sender.Tell(new InstanceReply(Name, false, ex.Message), Self);
            return;
        }

        Emit(new SignalledEvent(process.Pid, name, signal.Group));
        var whom = signal.Group ? $"process group {process.Pid}" : $"pid {process.Pid}";
        Sender.Tell(new InstanceReply(Name, true, $"{Name}: sent {name} to {whom}"), Self);
    }

    private void OnReloadInstance()
    {
        var reload = _spec.Reload;
        if (!reload.IsSet)
        {
            Sender.Tell(new InstanceReply(Name, false, $"service {_id.Service} has no reload {{ signal }} or reload {{ command }}; set one, or use `warden restart {Name}`"), Self);
            return;
        }

        if (!HasLiveProcess || _slot.State == ProcessState.Stopping)
        {
            Sender.Tell(new InstanceReply(Name, false, $"{Name} is {InstanceStateMachine.Name(_slot.State)}: nothing to reload"), Self);
            return;
        }

        var process = Process!;
        if (reload.Signal is { } signal)
        {
            var name = SignalNames.Name(signal);
            try
            {
                process.SignalMain(signal);
            }
            catch (InvalidOperationException ex)
            {
                Sender.Tell(new InstanceReply(Name, false, ex.Message), Self);
                return;
            }

            Emit(ServiceReloadedEvent.BySignal(process.Pid, name));
            Sender.Tell(new InstanceReply(Name, true, $"{Name}: reloaded (sent {name} to pid {process.Pid})"), Self);
            return;
        }

        ProcessStartSpec command;
        try
        {
            var plan = _slot.Plan ?? LaunchPlan.Build(_spec, _id, _ctx.WardenEnvironment, false, _ctx.ResolveCommand);
            var mainPid = new Dictionary<string, string> { ["MAINPID"] = process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            command = HookCommand.Plan(plan, reload.Command, $"services.{_id.Service}.reload.command", _ctx.ResolveCommand, mainPid);
        }
        catch (FormatException ex)
        {
            Emit(new ServiceReloadFailedEvent(process.Pid, null, ex.Message));
            Sender.Tell(new InstanceReply(Name, false, ex.Message), Self);
            return;
        }

        var pid = process.Pid;
        var replyTo = Sender;
        HookCommand.RunAsync(_ctx.Launcher, command, _spec.Hooks.Timeout)
            .PipeTo(Self, Self, outcome => new ReloadCommandFinished(pid, outcome, replyTo), ex => new ReloadCommandFinished(pid, new HookOutcome(command.FileName, null, false, string.Empty, ex.Message), replyTo));
    }

    private void OnReloadCommandFinished(ReloadCommandFinished done)
    {
        var outcome = done.Outcome;
        if (outcome.Succeeded)
        {
            Emit(ServiceReloadedEvent.ByCommand(done.Pid, outcome.Display, outcome.Output));
            done.ReplyTo.Tell(new InstanceReply(Name, true, $"{Name}: reloaded ({outcome.Describe()})"), Self);
            return;
        }

        Emit(new ServiceReloadFailedEvent(done.Pid, outcome.Display, outcome.Describe()));
        done.ReplyTo.Tell(new InstanceReply(Name, false, $"{Name}: reload failed, the program keeps running: {outcome.Describe()}"), Self);
    }
}
