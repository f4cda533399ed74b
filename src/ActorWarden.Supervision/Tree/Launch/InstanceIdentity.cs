using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Launch;

/// <summary>
/// Who an instance is: its names and its place in the tree. Derived once from the specs so that every
/// event, status row and environment variable spells them the same way.
/// </summary>
/// <param name="Name">Instance name (web-2), or the service name for a single instance.</param>
/// <param name="Service">Service name.</param>
/// <param name="Group">Group name (the service's own name for implicit groups).</param>
/// <param name="Index">0-based position in the farm.</param>
public sealed record InstanceIdentity(string Name, string Service, string Group, int Index)
{
    /// <summary>Actor path of the instance's ProcessActor.</summary>
    public string Path => TreePaths.Instance(Group, Service, Name);

    /// <summary>The identities of every instance of <paramref name="service"/> in start order.</summary>
    public static IReadOnlyList<InstanceIdentity> Of(ServiceSpec service, string group) =>
        service.InstanceNames.Select((name, index) => new InstanceIdentity(name, service.Name, group, index)).ToArray();
}
