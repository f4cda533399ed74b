using ActorWarden.Simulation.Clustering;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary>The model's copy of Akka's least-shard allocation strategy, table-tested.</summary>
public sealed class LeastShardAllocationTests
{
    private static RegionView Region(string node, int age, params int[] shards) => new(node, age, false, shards);

    [Fact]
    public void Twelve_shards_allocated_one_by_one_over_three_empty_regions_go_round_robin_oldest_first()
    {
        var shards = new List<int>[] { new(), new(), new() };
        for (var shard = 0; shard < 12; shard++)
        {
            var views = shards.Select((s, i) => Region($"n{i}", i, [.. s])).ToList();
            shards[LeastShardAllocation.Allocate(views)].Add(shard);
        }

        shards.Select(s => s.ToArray()).Should().BeEquivalentTo(new[] { new[] { 0, 3, 6, 9 }, new[] { 1, 4, 7, 10 }, new[] { 2, 5, 8, 11 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_new_shard_goes_to_the_region_with_fewest_shards_and_never_to_a_leaving_one_while_another_exists()
    {
        LeastShardAllocation.Allocate([Region("a", 0, 1, 2), Region("b", 1, 3)]).Should().Be(1);
        LeastShardAllocation.Allocate([Region("a", 0, 1, 2), new RegionView("b", 1, Leaving: true, [])]).Should().Be(0);
        LeastShardAllocation.Allocate([]).Should().Be(-1);
    }

    [Fact]
    public void A_joining_node_gets_the_oldest_allocations_above_the_optimum_of_each_full_region()
    {
        var selected = LeastShardAllocation.Rebalance([Region("a", 0, 0, 3, 6, 9, 2, 8), Region("b", 1, 1, 4, 7, 10, 5, 11), Region("c", 2)]);

        selected.Should().BeEquivalentTo([0, 3, 1, 4]);
    }

    [Fact]
    public void An_even_spread_is_left_alone_and_phase_two_moves_one_shard_when_a_region_is_two_below_the_optimum()
    {
        LeastShardAllocation.Rebalance([Region("a", 0, 0, 1, 2, 3), Region("b", 1, 4, 5, 6, 7), Region("c", 2, 8, 9, 10, 11)]).Should().BeEmpty();
        LeastShardAllocation.Rebalance([Region("a", 0, 0, 1, 2), Region("b", 1, 3, 4)]).Should().BeEmpty("3/2: the optimum is 2 and nothing is two below it");

        // 13 shards over 3: optimum 5; phase 1 finds none above 5; c is two below, so one shard moves from the first full region.
        LeastShardAllocation.Rebalance([Region("a", 0, 0, 1, 2, 3, 4), Region("b", 1, 5, 6, 7, 8, 9), Region("c", 2, 10, 11, 12)]).Should().Equal(0);
    }

    [Fact]
    public void The_relative_and_absolute_limits_cap_a_round()
    {
        var regions = new[] { Region("a", 0, 0, 1, 2, 3, 4, 5), Region("b", 1) };

        LeastShardAllocation.Rebalance(regions).Should().HaveCount(3);
        LeastShardAllocation.Rebalance(regions, absoluteLimit: 1).Should().HaveCount(1);
        LeastShardAllocation.Rebalance(regions, relativeLimit: 0.34).Should().HaveCount(2);
    }
}
