using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The guardian's view of the tree for ordering: instance states and health folded from events, the
/// services waiting to start until their dependencies are Running (and healthy when they have a
/// check), and the services waiting to stop until their dependents are down — systemd's After=/
/// Requires= ordering without polling. Owned by the guardian; touched only on its thread.
/// </summary>
internal sealed class DependencyTracker
{
    private readonly Dictionary<string, (ProcessState State, HealthState? Health)> _view = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingStart = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingStop = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orderedStop = new(StringComparer.Ordinal);
    private TreeLayout _layout;

    public DependencyTracker(TreeLayout layout)
    {
        _layout = layout;
        Relayout(layout);
    }

    public bool NothingPendingStop => _pendingStop.Count == 0;

    /// <summary>Nothing waits to start or stop: a state change cannot make anything startable or stoppable.</summary>
    public bool Idle => _pendingStart.Count == 0 && _pendingStop.Count == 0 && _orderedStop.Count == 0;

    /// <summary>Folds a state or health event; true when it changed what the tracker knows.</summary>
    public bool Observe(WardenEvent @event)
    {
        if (@event.Instance is not { } instance || !_view.TryGetValue(instance, out var current))
        {
            return false;
        }

        switch (@event.Payload)
        {
            case StateEvent state:
                _view[instance] = current with { State = state.To };
                return true;
            case HealthEvent health:
                _view[instance] = current with { Health = health.State };
                return true;
            default:
                return false;
        }
    }

    public void RequestStart(IEnumerable<string> services)
    {
        var work = new Stack<string>(services);
        while (work.Count > 0)
        {
            var service = work.Pop();
            if (!_layout.HasService(service) || !_pendingStart.Add(service))
            {
                continue;
            }

            _pendingStop.Remove(service);
            _orderedStop.Remove(service);
            foreach (var dependency in _layout.DependenciesOf(service))
            {
                if (!IsReady(dependency))
                {
                    work.Push(dependency);
                }
            }
        }
    }

    /// <summary>
    /// Services to start again once their dependencies are ready, without starting those dependencies:
    /// a group restart brings back what was up, it does not start what an operator stopped.
    /// </summary>
    public void RequestResume(IEnumerable<string> services)
    {
        foreach (var service in services.Where(_layout.HasService))
        {
            _pendingStart.Add(service);
            _pendingStop.Remove(service);
            _orderedStop.Remove(service);
        }
    }

    public void CancelStart(IEnumerable<string> services) => _pendingStart.ExceptWith(services);

    public void RequestOrderedStop(IEnumerable<string> services)
    {
        foreach (var service in services.Where(_layout.HasService))
        {
            _pendingStart.Remove(service);
            _pendingStop.Add(service);
            _orderedStop.Add(service);
        }
    }

    /// <summary>Services whose dependencies are all ready, in start order; they leave the pending set.</summary>
    public IReadOnlyList<string> TakeStartable()
    {
        var ready = _layout.StartOrder
            .Where(s => _pendingStart.Contains(s) && _layout.DependenciesOf(s).All(IsReady))
            .ToList();
        _pendingStart.ExceptWith(ready);
        return ready;
    }

    /// <summary>Services whose dependents (among those being stopped) are all down, in stop order; they leave the pending set.</summary>
    public IReadOnlyList<string> TakeStoppable()
    {
        var stoppable = _layout.StopOrder
            .Where(s => _pendingStop.Contains(s) && _layout.DependentsOf(s).Where(_orderedStop.Contains).All(IsDown))
            .ToList();
        _pendingStop.ExceptWith(stoppable);
        if (_pendingStop.Count == 0 && _orderedStop.All(IsDown))
        {
            _orderedStop.Clear();
        }

        return stoppable;
    }

    /// <summary>Every instance Running, and healthy when the service has a health check.</summary>
    public bool IsReady(string service)
    {
        if (!_layout.HasService(service))
        {
            return false;
        }

        var checks = _layout.Service(service).Health.Type != HealthCheckType.None;
        return _layout.InstancesOf(service).All(i =>
            _view.TryGetValue(i.Name, out var v) && v.State == ProcessState.Running && (!checks || v.Health == HealthState.Healthy));
    }

    /// <summary>Every instance Stopped, Exited or Fatal.</summary>
    public bool IsDown(string service) =>
        _layout.InstancesOf(service).All(i =>
            !_view.TryGetValue(i.Name, out var v) || v.State is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal);

    public bool AllDown() => _layout.Services.All(s => IsDown(s.Name));

    /// <summary>Adopts a reloaded layout, keeping what is known about surviving instances.</summary>
    public void Relayout(TreeLayout layout)
    {
        _layout = layout;
        var keep = layout.Instances.ToDictionary(
            i => i.Name,
            i => _view.TryGetValue(i.Name, out var v) ? v : (ProcessState.Stopped, (HealthState?)null),
            StringComparer.Ordinal);
        _view.Clear();
        foreach (var (name, value) in keep)
        {
            _view[name] = value;
        }

        _pendingStart.RemoveWhere(s => !layout.HasService(s));
        _pendingStop.RemoveWhere(s => !layout.HasService(s));
        _orderedStop.RemoveWhere(s => !layout.HasService(s));
    }
}
