using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// binds-to (systemd BindsTo=): a service that binds to another stops when that one stops or fails, and
/// starts again once everything it binds to is ready. depends-on alone keeps ordering only. The guardian
/// remembers which services it stopped this way, so it brings back only those, never one an operator
/// stopped; an operator's start or stop of a service ends that memory for it.
/// </summary>
public sealed partial class WardenGuardian
{
    /// <summary>Services stopped because of binds-to, with the service that went down.</summary>
    private readonly Dictionary<string, string> _boundDown = new(StringComparer.Ordinal);

    /// <summary>Called with every state and health event the tracker folded.</summary>
    private void FollowBindings(WardenEvent @event)
    {
        if (_shuttingDown || @event.Service is not { } service || !_layout.HasService(service))
        {
            return;
        }

        if (@event.Payload is StateEvent { To: ProcessState.Stopped or ProcessState.Exited or ProcessState.Backoff or ProcessState.Fatal } state)
        {
            StopBoundTo(service, $"{@event.Instance} is {InstanceStateMachine.Name(state.To)}");
        }

        if (_boundDown.Count > 0)
        {
            StartBoundWhenReady();
        }
    }

    /// <summary>An operator started or stopped these services: their own word holds from now on.</summary>
    private void ForgetBindings(IEnumerable<string> services)
    {
        foreach (var service in services)
        {
            _boundDown.Remove(service);
        }
    }

    private void StopBoundTo(string service, string reason)
    {
        foreach (var dependent in _layout.BoundBy(service))
        {
            var name = dependent.Name;
            // Only a dependent that is up (or on its way up) is stopped and later brought back.
            if (_boundDown.ContainsKey(name) || _tracker.IsDown(name))
            {
                continue;
            }

            _boundDown[name] = service;
            _ctx.Events.Emit(name, null, new BindsToStopEvent(service, reason));
            foreach (var instance in _layout.InstancesOf(name))
            {
                Context.ActorSelection(instance.Path).Tell(StandDown.Instance, Self);
            }

            _tracker.CancelStart([name]);
            _resume.Remove(name);
            Send(name, new ServiceCommand(CommandKind.Stop, null));
        }
    }

    private void StartBoundWhenReady()
    {
        foreach (var name in _boundDown.Keys.ToList())
        {
            if (!_layout.HasService(name))
            {
                _boundDown.Remove(name);
                continue;
            }

            var bindsTo = _layout.Service(name).BindsTo.Where(_layout.HasService).ToList();
            if (!bindsTo.All(_tracker.IsReady) || !_tracker.IsDown(name))
            {
                continue;
            }

            _boundDown.Remove(name);
            _ctx.Events.Emit(name, null, new BindsToStartEvent(bindsTo.ToArray()));
            _tracker.RequestStart([name]);
        }
    }
}
