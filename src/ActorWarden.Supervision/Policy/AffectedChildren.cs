using ActorWarden.Config;

namespace ActorWarden.Supervision.Policy;

/// <summary>
/// Which children a Restart or Stop applies to, in the order it is applied: Erlang's one_for_one (the
/// failed child), one_for_all (every child) and rest_for_one (the failed child and those started after it).
/// Pure, over child names, so the three strategies are table-tested without actors.
/// </summary>
public static class AffectedChildren
{
    /// <summary>
    /// The children <paramref name="kind"/> affects when <paramref name="failed"/> fails, in member order.
    /// <paramref name="failed"/> is always included, even if <paramref name="children"/> omits it.
    /// </summary>
    public static IReadOnlyList<string> Select(GroupStrategy kind, string failed, IEnumerable<string> children, IReadOnlyList<string> memberOrder)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (kind == GroupStrategy.OneForOne)
        {
            return [failed];
        }

        var ordered = InMemberOrder(children.Append(failed).Distinct(StringComparer.Ordinal), memberOrder);
        return kind switch
        {
            GroupStrategy.OneForAll => ordered,
            GroupStrategy.RestForOne => ordered.SkipWhile(name => !string.Equals(name, failed, StringComparison.Ordinal)).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown group strategy"),
        };
    }

    /// <summary>
    /// Sorts names by their position in <paramref name="memberOrder"/> (the start order); names that are not
    /// members (helpers started beside them) come after all members, by ordinal name, so the order is total.
    /// </summary>
    public static IReadOnlyList<string> InMemberOrder(IEnumerable<string> names, IReadOnlyList<string> memberOrder)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(memberOrder);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < memberOrder.Count; i++)
        {
            position.TryAdd(memberOrder[i], i);
        }

        return names
            .OrderBy(name => position.TryGetValue(name, out var p) ? p : int.MaxValue)
            .ThenBy(name => name, StringComparer.Ordinal)
            .ToArray();
    }
}
