using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Runtime;

/// <summary>Asks the <see cref="StatusBoard"/> for the whole table; answered with <see cref="WardenStatus"/>.</summary>
public sealed record GetStatus
{
    public static GetStatus Instance { get; } = new();
}

/// <summary>Asks the <see cref="StatusBoard"/> for one service; answered with <see cref="ServiceStatusReply"/>.</summary>
public sealed record GetServiceStatus(string Service);

/// <summary>The instances of the asked service, or null when there is no such service.</summary>
public sealed record ServiceStatusReply(IReadOnlyList<InstanceStatus>? Instances);

/// <summary>A fresh RSS sample of one instance's process tree.</summary>
public sealed record RssSample(string Instance, long Bytes);

/// <summary>The tree was reloaded: rows follow the new layout (surviving instances keep their history).</summary>
public sealed record StatusRelayout(TreeLayout Layout);
