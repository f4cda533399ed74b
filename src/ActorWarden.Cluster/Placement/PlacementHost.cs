using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using Akka.Actor;
using Akka.Event;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// One per node (<c>/user/cluster-placement</c>): owns which placed instances this node hosts and
/// turns every change into one reload of the local warden (<see cref="PlacementPlan.Compose"/>), one at
/// a time: changes that arrive while a reload is under way are applied together by the next. The
/// operator's reload goes through here too, so the file and the hosted set never race. It also knows
/// which placed instances have a live process (from the warden's events), so a handing-off entity
/// learns when its process is down.
/// </summary>
internal sealed class PlacementHost : ReceiveActor
{
    private readonly IWardenControl _warden;
    private readonly ComposedSettings _composed;
    private readonly HashSet<PlacedInstance> _hosted = new();
    private readonly HashSet<string> _alive = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IActorRef>> _releasing = new(StringComparer.Ordinal);
    private readonly List<IActorRef> _waiting = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PlacementPlan _plan;
    private bool _inFlight;
    private bool _dirty;

    private PlacementHost(PlacementPlan plan, IWardenControl warden, ComposedSettings composed)
    {
        _plan = plan;
        _warden = warden;
        _composed = composed;
        Receive<HostInstance>(m =>
        {
            if (_hosted.Add(m.Placed))
            {
                _log.Info("Hosting {0} here", _plan.NameOf(m.Placed));
                Reload();
            }
        });
        Receive<ReleaseInstance>(m =>
        {
            var name = _plan.NameOf(m.Placed);
            if (m.Waiting is { } waiting)
            {
                if (_alive.Contains(name))
                {
                    _releasing.TryAdd(name, new List<IActorRef>());
                    _releasing[name].Add(waiting);
                }
                else
                {
                    waiting.Tell(new InstanceReleased(name));
                }
            }

            if (_hosted.Remove(m.Placed))
            {
                _log.Info("Releasing {0} (it is placed elsewhere or the node is leaving)", name);
                Reload();
            }
        });
        Receive<InstanceProcess>(m =>
        {
            if (m.Alive)
            {
                _alive.Add(m.Instance);
                return;
            }

            _alive.Remove(m.Instance);
            if (_releasing.Remove(m.Instance, out var waiting))
            {
                waiting.ForEach(w => w.Tell(new InstanceReleased(m.Instance)));
            }
        });
        Receive<ReloadFromFile>(OnReloadFromFile);
        Receive<ReloadDone>(OnReloadDone);
    }

    public static Props Props(PlacementPlan plan, IWardenControl warden, ComposedSettings composed) =>
        Supervision.Hosting.ActorProps.Of(() => new PlacementHost(plan, warden, composed));

    private void OnReloadFromFile(ReloadFromFile request)
    {
        WardenSettings next;
        try
        {
            next = request.Load();
        }
        catch (Exception ex) when (ex is WardenConfigException or IOException or Hocon.HoconException)
        {
            Sender.Tell(ControlResult.Invalid(ex.Message));
            return;
        }

        if (FarmsDiffer(_plan.Settings, next) is { } why)
        {
            Sender.Tell(ControlResult.Invalid(why));
            return;
        }

        _plan = new PlacementPlan(next);
        _waiting.Add(Sender);
        Reload();
    }

    private void Reload()
    {
        if (_inFlight)
        {
            _dirty = true;
            return;
        }

        _inFlight = true;
        _dirty = false;
        _composed.Set(_plan.Compose(_hosted));
        var waiting = _waiting.ToArray();
        _waiting.Clear();
        _warden.ReloadAsync().PipeTo(
            Self,
            success: result => new ReloadDone(result, waiting),
            failure: ex => new ReloadDone(ControlResult.Failed(ex.Message), waiting));
    }

    private void OnReloadDone(ReloadDone done)
    {
        _inFlight = false;
        if (done.Result.Kind != ControlOutcome.Ok)
        {
            _log.Warning("Applying the placed instances failed: {0}", done.Result.Message);
        }

        foreach (var requester in done.ReplyTo)
        {
            requester.Tell(done.Result);
        }

        if (_dirty || _waiting.Count > 0)
        {
            Reload();
        }
    }

    /// <summary>Sharding regions are started once per farm with one shard per instance, so a reload may not add, remove or resize a farm (yet).</summary>
    private static string? FarmsDiffer(WardenSettings current, WardenSettings next)
    {
        static string Shape(WardenSettings s) => string.Join(",", s.Services.Where(f => f.Placement == ActorWarden.Config.Placement.Cluster).Select(f => $"{f.Name}:{f.Instances}"));
        return Shape(current) == Shape(next)
            ? null
            : "a reload cannot add, remove or resize a cluster-placed service yet (restart the nodes one at a time instead)";
    }

    private sealed record ReloadDone(ControlResult Result, IReadOnlyList<IActorRef> ReplyTo);
}
