using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Reload;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>Reload: turning a <see cref="SettingsDiff"/> into the smallest set of tree changes.</summary>
public sealed partial class WardenGuardian
{
    private void OnReload(ApplyReload reload)
    {
        if (_shuttingDown)
        {
            Sender.Tell(ControlResult.Failed("the warden is shutting down"), Self);
            return;
        }

        var current = _layout;
        var next = reload.Layout;
        var diff = SettingsDiff.Compute(current, next);
        UpdateWanted(current, next, diff);

        // Changed services restart like a group restart: stopped in reverse dependency order, held, then
        // started in dependency order once every old process is gone.
        Hold(diff.Changed, next);
        if (diff.Changed.Count > 0)
        {
            StopInOrderThenResume(diff.Changed.Select(current.Service).ToList(), current, Self);
        }

        _layout = next;
        _tracker.Relayout(next);
        var recreated = new HashSet<string>(diff.RecreatedGroups, StringComparer.Ordinal);

        // Groups that disappear or whose strategy/intensity changed: stop them (their processes run the
        // stop ladder); recreated ones come back from the new layout once the old actor is gone.
        foreach (var group in current.Groups)
        {
            var gone = next.Group(group.Name) is null;
            if (!gone && !recreated.Contains(group.Name))
            {
                continue;
            }

            StopGroupActor(group.Name, recreate: !gone);
        }

        foreach (var group in next.Groups)
        {
            var old = current.Group(group.Name);
            if (old is null)
            {
                if (Context.Child(group.Name).Equals(ActorRefs.Nobody))
                {
                    CreateGroup(group);
                }
                else
                {
                    _recreateWhenGone.Add(group.Name);
                }

                continue;
            }

            if (recreated.Contains(group.Name) || _parked.Contains(group.Name))
            {
                continue;
            }

            var actor = Context.Child(group.Name);
            foreach (var member in old.Members.Where(m => !group.Members.Contains(m)))
            {
                actor.Tell(new RemoveService(member), Self);
            }

            foreach (var member in group.Members)
            {
                if (!old.Members.Contains(member))
                {
                    actor.Tell(new AddService(next.Service(member)), Self);
                }
                else if (diff.Changed.Contains(member))
                {
                    actor.Tell(new ReplaceService(next.Service(member)), Self);
                }
                else if (diff.InPlace.Contains(member))
                {
                    actor.Tell(new UpdateService(next.Service(member)), Self); // hook: issue 17
                }
            }
        }

        _hooks.LayoutChanged?.Invoke(next);
        _ctx.Events.Emit(
            Events.EventNames.Reloaded,
            null,
            null,
            ("file", next.Settings.ConfigFile),
            ("added", diff.Added),
            ("removed", diff.Removed),
            ("changed", diff.Changed),
            ("in_place", diff.InPlace), // hook: issue 17
            ("recreated_groups", diff.RecreatedGroups));
        // Added services start like at warden start: in dependency order, once their dependencies are up.
        Resume(diff.Added.Where(s => next.Service(s).Autostart));
        var affected = diff.Added.Concat(diff.Removed).Concat(diff.Changed).ToArray();
        Sender.Tell(
            ControlResult.Ok($"reloaded: {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed (restarted), {diff.InPlace.Count} applied in place", affected), // hook: issue 17
            Self);
    }

    private void StopGroupActor(string group, bool recreate)
    {
        _parked.Remove(group);
        CancelGroupRetry(group);

        var actor = Context.Child(group);
        if (actor.Equals(ActorRefs.Nobody))
        {
            if (recreate && _layout.Group(group) is { } spec)
            {
                CreateGroup(spec);
            }

            return;
        }

        if (recreate)
        {
            _recreateWhenGone.Add(group);
        }

        Context.Stop(actor);
    }

    private void UpdateWanted(TreeLayout current, TreeLayout next, SettingsDiff diff)
    {
        var registry = _ctx.Registry;
        foreach (var service in diff.Removed)
        {
            foreach (var instance in current.InstancesOf(service))
            {
                registry.Forget(instance.Name);
            }
        }

        foreach (var service in diff.Changed)
        {
            var before = current.InstancesOf(service).Select(i => i.Name).ToList();
            var after = next.InstancesOf(service).Select(i => i.Name).ToList();
            var wanted = before.Any(registry.IsWanted);
            foreach (var added in after.Except(before))
            {
                registry.SetWanted(added, wanted);
            }

            foreach (var removed in before.Except(after))
            {
                registry.Forget(removed);
            }
        }

        foreach (var service in diff.Added)
        {
            var autostart = next.Service(service).Autostart;
            foreach (var instance in next.InstancesOf(service))
            {
                registry.SetWanted(instance.Name, autostart);
                if (autostart)
                {
                    registry.Hold(instance.Name);
                }
            }
        }
    }
}
