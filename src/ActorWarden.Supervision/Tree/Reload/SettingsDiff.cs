using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Reload;

/// <summary>
/// What a reload changes, service by service: new services start, removed ones stop, changed ones
/// restart, services whose changes all apply in place (<see cref="RestartScope"/>) get their new
/// settings with their processes untouched, and everything else keeps running untouched (same pids).
/// A service counts as changed (restarted) when a setting its process was started with differs, when it
/// moved to another group, or when its group's strategy or intensity changed (the group is then recreated).
/// </summary>
public sealed record SettingsDiff(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> RecreatedGroups,
    IReadOnlyList<string> InPlace)
{
    /// <summary>True when the reload changes nothing that runs.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && RecreatedGroups.Count == 0 && InPlace.Count == 0;

    /// <summary>Compares the running layout with the newly loaded one.</summary>
    public static SettingsDiff Compute(TreeLayout current, TreeLayout next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var recreated = next.Groups
            .Where(g => current.Group(g.Name) is { } old && (old.Strategy != g.Strategy || old.Intensity != g.Intensity || old.Implicit != g.Implicit))
            .Select(g => g.Name)
            .ToList();
        var added = next.Services.Where(s => !current.HasService(s.Name)).Select(s => s.Name).ToList();
        var removed = current.Services.Where(s => !next.HasService(s.Name)).Select(s => s.Name).ToList();
        var differing = next.Services
            .Where(s => current.HasService(s.Name)
                && (!StructuralEquality.AreEqual(current.Service(s.Name), s)
                    || current.GroupOf(s.Name) != next.GroupOf(s.Name)
                    || recreated.Contains(next.GroupOf(s.Name))))
            .ToList();
        var changed = differing
            .Where(s => current.GroupOf(s.Name) != next.GroupOf(s.Name)
                || recreated.Contains(next.GroupOf(s.Name))
                || RestartScope.NeedsRestart(current.Service(s.Name), s))
            .Select(s => s.Name)
            .ToList();
        var inPlace = differing.Select(s => s.Name).Except(changed).ToList();
        return new SettingsDiff(added, removed, changed, recreated, inPlace);
    }
}
