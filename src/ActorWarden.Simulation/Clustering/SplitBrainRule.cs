namespace ActorWarden.Simulation.Clustering;

/// <summary>A member as the split-brain resolver weighs it: its address and its age (lower joined earlier).</summary>
public sealed record SbrMember(string Node, int Age);

/// <summary>
/// Whether one side of a split survives under Akka's split-brain resolver strategies, as a pure
/// function of the two sides (each side runs the same rule on its own view, so at most one survives):
/// <list type="bullet">
/// <item>keep-majority: the side with more members; on a tie the side holding the lowest address.</item>
/// <item>keep-oldest (down-if-alone on, Akka's default): the side with the oldest member, unless the
/// oldest is alone on its side in a cluster of more than two, when the other side survives.</item>
/// <item>down-all: no side.</item>
/// </list>
/// A node that is dead is on the other side of every split and decides nothing.
/// </summary>
public static class SplitBrainRule
{
    /// <summary>True when <paramref name="side"/> stays up and downs <paramref name="others"/>; false when it downs itself.</summary>
    public static bool Survives(string strategy, IReadOnlyCollection<SbrMember> side, IReadOnlyCollection<SbrMember> others)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(others);
        if (side.Count == 0)
        {
            return false;
        }

        if (others.Count == 0)
        {
            return true;
        }

        switch (strategy)
        {
            case "keep-majority":
                if (side.Count != others.Count)
                {
                    return side.Count > others.Count;
                }

                var lowest = side.Concat(others).Select(m => m.Node).Min(NodeAddress.Order)!;
                return side.Any(m => m.Node == lowest);
            case "keep-oldest":
                var oldest = side.Concat(others).MinBy(m => m.Age)!;
                var oldestHere = side.Contains(oldest);
                var alone = side.Count + others.Count > 2 && (oldestHere ? side.Count == 1 : others.Count == 1);
                return oldestHere != alone;
            default:
                return false;
        }
    }
}
