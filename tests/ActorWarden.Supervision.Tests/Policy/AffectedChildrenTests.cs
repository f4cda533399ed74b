using ActorWarden.Supervision.Policy;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Policy;

/// <summary>Which children each strategy affects, and in which order, as a table.</summary>
public sealed class AffectedChildrenTests
{
    private static readonly string[] Members = ["a", "b", "c"];

    public static TheoryData<GroupStrategy, string, string[], string[]> Rows => new()
    {
        { GroupStrategy.OneForOne, "b", ["c", "a", "b"], ["b"] },
        { GroupStrategy.OneForAll, "b", ["c", "a", "b"], ["a", "b", "c"] },
        { GroupStrategy.RestForOne, "b", ["c", "a", "b"], ["b", "c"] },
        { GroupStrategy.RestForOne, "a", ["c", "b", "a"], ["a", "b", "c"] },
        { GroupStrategy.RestForOne, "c", ["a", "b", "c"], ["c"] },
        { GroupStrategy.OneForAll, "b", ["b", "c"], ["b", "c"] },
        { GroupStrategy.RestForOne, "b", ["a", "c"], ["b", "c"] },
        { GroupStrategy.OneForAll, "a", ["log", "a", "health", "b"], ["a", "b", "health", "log"] },
        { GroupStrategy.RestForOne, "b", ["log", "a", "health", "b"], ["b", "health", "log"] },
        { GroupStrategy.RestForOne, "log", ["log", "a", "health"], ["log"] },
        { GroupStrategy.RestForOne, "health", ["log", "a", "health"], ["health", "log"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_affected_children_are_chosen_and_ordered_by_member_order(GroupStrategy kind, string failed, string[] children, string[] expected)
    {
        AffectedChildren.Select(kind, failed, children, Members).Should().Equal(expected);
    }

    [Fact]
    public void Names_outside_the_member_order_sort_after_the_members_by_ordinal_name()
    {
        AffectedChildren.InMemberOrder(["z", "B", "c", "a", "b"], ["c", "a"]).Should().Equal("c", "a", "B", "b", "z");
    }

    [Fact]
    public void Without_a_member_order_children_sort_by_name()
    {
        AffectedChildren.Select(GroupStrategy.RestForOne, "b", ["c", "a", "b"], []).Should().Equal("b", "c");
    }

    [Fact]
    public void One_for_one_never_walks_the_siblings_or_the_member_order()
    {
        // Every crash of one of a thousand instances asked for this; sorting them all each time was half
        // the warden's CPU under churn.
        AffectedChildren.Select(GroupStrategy.OneForOne, "b", Unwalkable(), new UnreadableList()).Should().Equal("b");
    }

    private static IEnumerable<string> Unwalkable()
    {
        throw new InvalidOperationException("the siblings were walked");
#pragma warning disable CS0162 // An iterator needs a yield to defer its body until it is walked.
        yield break;
#pragma warning restore CS0162
    }

    private sealed class UnreadableList : IReadOnlyList<string>
    {
        public string this[int index] => throw new InvalidOperationException("the member order was read");

        public int Count => throw new InvalidOperationException("the member order was read");

        public IEnumerator<string> GetEnumerator() => throw new InvalidOperationException("the member order was read");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
