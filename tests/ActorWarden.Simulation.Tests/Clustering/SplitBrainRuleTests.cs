using ActorWarden.Simulation.Clustering;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary>Which side of a split survives, per downing strategy: both sides apply the rule, and at most one survives.</summary>
public sealed class SplitBrainRuleTests
{
    private static readonly SbrMember A = new("127.0.0.1:4053", 0);
    private static readonly SbrMember B = new("127.0.0.1:4054", 1);
    private static readonly SbrMember C = new("127.0.0.1:4055", 2);
    private static readonly SbrMember D = new("127.0.0.1:10000", 3);

    [Theory]
    [InlineData("keep-majority", true)]
    [InlineData("keep-oldest", true)]
    [InlineData("down-all", false)]
    public void Two_of_three_against_the_youngest(string strategy, bool twoSurvive)
    {
        SplitBrainRule.Survives(strategy, [A, B], [C]).Should().Be(twoSurvive);
        SplitBrainRule.Survives(strategy, [C], [A, B]).Should().BeFalse();
    }

    [Fact]
    public void Keep_majority_breaks_a_tie_by_the_lowest_address_compared_by_host_then_port_number()
    {
        SplitBrainRule.Survives("keep-majority", [A], [B]).Should().BeTrue();
        SplitBrainRule.Survives("keep-majority", [B], [A]).Should().BeFalse();

        // Port 4055 is lower than 10000 as a number, though not as text.
        SplitBrainRule.Survives("keep-majority", [C], [D]).Should().BeTrue();
        SplitBrainRule.Survives("keep-majority", [D], [C]).Should().BeFalse();
    }

    [Fact]
    public void Keep_oldest_keeps_the_side_of_the_oldest_unless_it_is_alone_in_a_cluster_of_more_than_two()
    {
        SplitBrainRule.Survives("keep-oldest", [A, C], [B]).Should().BeTrue();
        SplitBrainRule.Survives("keep-oldest", [A], [B, C]).Should().BeFalse("the oldest alone downs itself (down-if-alone)");
        SplitBrainRule.Survives("keep-oldest", [B, C], [A]).Should().BeTrue();
        SplitBrainRule.Survives("keep-oldest", [A], [B]).Should().BeTrue("in a cluster of two the oldest is kept");
    }

    [Fact]
    public void A_side_alone_in_the_cluster_survives_and_an_empty_side_does_not()
    {
        SplitBrainRule.Survives("keep-majority", [A, B], []).Should().BeTrue();
        SplitBrainRule.Survives("keep-majority", [], [A]).Should().BeFalse();
    }
}
