using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Reload;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// Reload: turning a <see cref="SettingsDiff"/> into the smallest set of tree changes. What changed or
/// went away first stops through a stop wave (in reverse dependency order, under the old layout); the
/// service and group actors are replaced or removed once their processes are down, and what was up
/// comes back in dependency order.
/// </summary>
public sealed partial class WardenGuardian
{
    /// <summary>What a reload does once the wave over its changed and removed services is done.</summary>
    private sealed record ReloadPlan(TreeLayout Current, TreeLayout Next, SettingsDiff Diff);

    private void OnReload(ApplyReload reload) => Reload(reload, [Sender]);

    private void Reload(ApplyReload reload, IReadOnlyList<IActorRef> replyTo)
    {
        if (_shuttingDown)
        {
            Reply(replyTo, ControlResult.Failed("the warden is shutting down"));
            return;
        }

        // One reload at a time: the next is diffed against the tree the previous one left, once every
        // actor it replaces exists again, so that its stop wave finds each instance where it lives.
        // Reloads that arrive meanwhile coalesce into the newest one (each carries the whole config, as
        // read when it was asked for), and all of them get its answer, as systemd merges daemon-reloads.
        if (_reloadInFlight)
        {
            _queuedReload = reload;
            _queuedReplyTo.AddRange(replyTo);
            return;
        }

        var current = _layout;
        var next = reload.Layout;
        var diff = SettingsDiff.Compute(current, next);
        var ending = EndingServices(current, next, diff);
        _layout = next;
        _tracker.Relayout(next);
        AddNewServices(current, next, diff);

        var plan = new ReloadPlan(current, next, diff);
        _reloadInFlight = true;
        if (ending.Count > 0)
        {
            StartWave(Context, ending, current, WavePurpose.Reload, plan, "reloaded");
        }
        else
        {
            ApplyReloadPlan(plan, new HashSet<string>(StringComparer.Ordinal));
        }

        _hooks.LayoutChanged?.Invoke(next);
        _ctx.Events.Emit(null, null, new ReloadedEvent(next.Settings.ConfigFile, diff.Added, diff.Removed, diff.Changed, diff.InPlace, diff.RecreatedGroups));

        // Added services start like at warden start: in dependency order, once their dependencies are up.
        Resume(diff.Added.Where(s => next.Service(s).Autostart));
        var affected = diff.Added.Concat(diff.Removed).Concat(diff.Changed).ToArray();
        Reply(replyTo, ControlResult.Ok($"reloaded: {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed (restarted), {diff.InPlace.Count} applied in place", affected));
    }

    /// <summary>The services whose processes must stop before their actors change: changed, removed, and every member of a group that goes or is recreated.</summary>
    private static List<ServiceSpec> EndingServices(TreeLayout current, TreeLayout next, SettingsDiff diff)
    {
        var recreated = new HashSet<string>(diff.RecreatedGroups, StringComparer.Ordinal);
        var ending = new HashSet<string>(diff.Changed.Concat(diff.Removed), StringComparer.Ordinal);
        foreach (var group in current.Groups.Where(g => next.Group(g.Name) is null || recreated.Contains(g.Name)))
        {
            ending.UnionWith(group.Members);
        }

        return current.Services.Where(s => ending.Contains(s.Name)).ToList();
    }

    /// <summary>Services added to groups that stay get their actors now, a new group is created with its members, and in-place changes are applied.</summary>
    private void AddNewServices(TreeLayout current, TreeLayout next, SettingsDiff diff)
    {
        var recreated = new HashSet<string>(diff.RecreatedGroups, StringComparer.Ordinal);
        foreach (var group in next.Groups)
        {
            var old = current.Group(group.Name);
            if (old is null)
            {
                var starts = next.MembersOf(group).ToDictionary(m => m.Name, m => StartOfAdded(next, m), StringComparer.Ordinal);
                if (Context.Child(group.Name).Equals(ActorRefs.Nobody))
                {
                    CreateGroup(group, starts);
                }
                else
                {
                    // A group of that name from an earlier reload is still ending.
                    _recreateWhenGone[group.Name] = starts;
                }

                continue;
            }

            if (recreated.Contains(group.Name))
            {
                continue;
            }

            var actor = Context.Child(group.Name);
            foreach (var member in group.Members.Where(m => !old.Members.Contains(m)))
            {
                actor.Tell(new AddService(next.Service(member), StartOfAdded(next, next.Service(member))), Self);
            }

            // Changes that apply in place (health, backoff, intensity, stop …) need no stop wave.
            foreach (var member in group.Members.Where(m => old.Members.Contains(m) && diff.InPlace.Contains(m)))
            {
                actor.Tell(new UpdateService(next.Service(member)), Self);
            }
        }
    }

    /// <summary>The old processes are down: replace, remove and recreate actors, then bring back what was wanted.</summary>
    private void ApplyReloadPlan(ReloadPlan plan, IReadOnlySet<string> wanted)
    {
        _successorsAwaited = 0;
        var (current, next, diff) = plan;
        var recreated = new HashSet<string>(diff.RecreatedGroups, StringComparer.Ordinal);
        var resume = new List<string>();
        foreach (var group in current.Groups)
        {
            var successor = next.Group(group.Name);
            if (successor is not null && !recreated.Contains(group.Name))
            {
                continue;
            }

            _parked.Remove(group.Name);
            CancelGroupRetry(group.Name);
            var actor = Context.Child(group.Name);
            if (successor is null)
            {
                actor.Tell(Retire.ForReload, Self);
                continue;
            }

            var starts = next.MembersOf(successor).ToDictionary(
                m => m.Name,
                m => current.HasService(m.Name) ? StartOfKept(current, next, m.Name, wanted) : StartOfAdded(next, m),
                StringComparer.Ordinal);
            _successorsAwaited += successor.Members.Count;
            if (actor.Equals(ActorRefs.Nobody))
            {
                CreateGroup(successor, starts, announce: true);
                resume.AddRange(successor.Members);
                continue;
            }

            // Recreated from the new layout once the old actor is gone (OnTerminated).
            _recreateWhenGone[group.Name] = starts;
            actor.Tell(Retire.ForReload, Self);
        }

        foreach (var group in next.Groups.Where(g => current.Group(g.Name) is not null && !recreated.Contains(g.Name)))
        {
            var old = current.Group(group.Name)!;
            var actor = Context.Child(group.Name);
            foreach (var member in old.Members.Where(m => !group.Members.Contains(m)))
            {
                actor.Tell(new RemoveService(member), Self);
            }

            foreach (var member in group.Members.Where(m => old.Members.Contains(m) && diff.Changed.Contains(m)))
            {
                actor.Tell(new ReplaceService(next.Service(member), StartOfKept(current, next, member, wanted)), Self);
                _successorsAwaited++;
                resume.Add(member);
            }
        }

        Resume(resume);
        SuccessorCreated(0);
    }

    /// <summary>Counts successors (replaced services, recreated groups) into existence; the next queued reload runs once all exist.</summary>
    private void SuccessorCreated(int created)
    {
        _successorsAwaited = Math.Max(0, _successorsAwaited - created);
        if (!_reloadInFlight || _successorsAwaited > 0)
        {
            return;
        }

        _reloadInFlight = false;
        if (_queuedReload is { } queued)
        {
            var replyTo = _queuedReplyTo.ToArray();
            _queuedReload = null;
            _queuedReplyTo.Clear();
            Reload(queued, replyTo);
        }
    }

    private void Reply(IReadOnlyList<IActorRef> replyTo, ControlResult result)
    {
        foreach (var asker in replyTo)
        {
            asker.Tell(result, Self);
        }
    }

    /// <summary>A changed service comes back wanted when any of its old instances was wanted, held until its turn in dependency order.</summary>
    private static ServiceStart StartOfKept(TreeLayout current, TreeLayout next, string service, IReadOnlySet<string> wanted)
    {
        var wasWanted = current.InstancesOf(service).Any(i => wanted.Contains(i.Name));
        return new ServiceStart(
            wasWanted ? next.InstancesOf(service).Select(i => i.Name).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
            Held: true);
    }

    /// <summary>An added service is wanted when it autostarts, held until its turn in dependency order.</summary>
    private static ServiceStart StartOfAdded(TreeLayout next, ServiceSpec service) =>
        service.Autostart ? ServiceStart.HeldWanted(next.InstancesOf(service.Name).Select(i => i.Name)) : ServiceStart.Fresh;
}
