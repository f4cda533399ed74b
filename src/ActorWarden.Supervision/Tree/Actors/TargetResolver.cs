using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>What an operator target names: services in start order, and one instance when it named an instance.</summary>
internal sealed record CommandTarget(IReadOnlyList<string> Services, string? Instance, IReadOnlyList<InstanceIdentity> Instances, bool IsAll);

/// <summary>
/// Resolves an operator target the way supervisorctl does: <c>all</c>, a service, a group or one
/// instance (services win over groups of the same name, which are the implicit ones).
/// </summary>
internal static class TargetResolver
{
    public const string All = "all";

    public static CommandTarget? Resolve(TreeLayout layout, string target)
    {
        if (string.Equals(target, All, StringComparison.Ordinal))
        {
            var services = layout.StartOrder;
            return new CommandTarget(services, null, layout.Instances, true);
        }

        if (layout.HasService(target))
        {
            return new CommandTarget([target], null, layout.InstancesOf(target).ToArray(), false);
        }

        if (layout.Group(target) is { } group)
        {
            var members = layout.StartOrder.Where(group.Members.Contains).ToArray();
            return new CommandTarget(members, null, members.SelectMany(layout.InstancesOf).ToArray(), false);
        }

        if (layout.TryGetInstance(target, out var instance))
        {
            return new CommandTarget([instance.Service], instance.Name, [instance], false);
        }

        return null;
    }
}
