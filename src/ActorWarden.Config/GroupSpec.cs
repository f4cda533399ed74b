namespace ActorWarden.Config;

/// <summary>
/// A group supervisor over services (Erlang supervisor over children): its strategy decides which
/// siblings restart when one member escalates, its intensity when the group itself escalates.
/// Members are in start order; they stop in reverse.
/// </summary>
public sealed record GroupSpec
{
    public required string Name { get; init; }

    public GroupStrategy Strategy { get; init; } = GroupStrategy.OneForOne;

    public IReadOnlyList<string> Members { get; init; } = Array.Empty<string>();

    public IntensitySpec Intensity { get; init; } = new(3, TimeSpan.FromSeconds(30));

    /// <summary>True for the group created for a service that no configured group lists.</summary>
    public bool Implicit { get; init; }
}

/// <summary>Erlang's restart strategies, spelled as in the config: one-for-one | one-for-all | rest-for-one.</summary>
public enum GroupStrategy
{
    OneForOne,
    OneForAll,
    RestForOne,
}
