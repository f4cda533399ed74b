namespace ActorWarden.Hocon;

/// <summary>Tells whether a raw value still needs resolution, so substitution-free subtrees can be used as they are.</summary>
internal static class Pending
{
    public static bool Holds(HoconValue value) => value switch
    {
        HoconSubstitution or HoconConcatenation or HoconMergeStack => true,
        HoconObject o => o.HasPending,
        HoconArray a => a.HasPending,
        _ => false,
    };
}
