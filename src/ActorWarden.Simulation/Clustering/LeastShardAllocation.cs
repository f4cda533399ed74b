namespace ActorWarden.Simulation.Clustering;

/// <summary>One farm's shard region on one member, as the sharding coordinator sees it.</summary>
/// <param name="Node">The member (host:port).</param>
/// <param name="Age">Order of joining: lower is older.</param>
/// <param name="Leaving">The member is leaving, exiting or downed: the least suitable home for a shard.</param>
/// <param name="Shards">Its shards in the order they were allocated to it.</param>
public sealed record RegionView(string Node, int Age, bool Leaving, IReadOnlyList<int> Shards);

/// <summary>
/// The rule the real cluster places instances by, as a pure function: Akka.Cluster.Sharding's
/// least-shard allocation strategy (1.5.75, <c>LeastShardAllocationStrategy</c> over
/// <c>AbstractLeastShardAllocationStrategy</c>), which <c>ClusterWarden</c> gets from
/// <c>DefaultShardAllocationStrategy</c> with the limits ClusterAkkaConfig sets (absolute 1000,
/// relative 1.0, so a round may move every shard it selects). With one shard per instance
/// (shard id = the instance's 0-based index, <c>PlacementExtractor</c>), spreading shards is spreading
/// instances.
/// </summary>
/// <remarks>
/// Akka breaks ties between equally suitable regions by the order of its allocation map, which is
/// keyed by actor reference and so differs between runs; the model breaks them by age (the oldest
/// member first). Which node gets which instance can therefore differ from a real run; how many
/// each node gets, and which shards a rebalance selects where no tie is involved, do not
/// (tests/ActorWarden.Simulation.Tests/Clustering/AkkaAllocationAgreementTests.cs checks both against
/// Akka's strategy itself).
/// </remarks>
public static class LeastShardAllocation
{
    /// <summary>Index in <paramref name="regions"/> of the region a new shard goes to; -1 when there is none.</summary>
    public static int Allocate(IReadOnlyList<RegionView> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var best = -1;
        for (var i = 0; i < regions.Count; i++)
        {
            if (best < 0 || Suitability(regions[i], regions[best]) < 0)
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// The shards one rebalance round hands off. Phase 1 takes, from every region holding more than the
    /// optimum (shards / regions, rounded up), its oldest allocations above the optimum; if that finds
    /// none, phase 2 takes the first shard of each region at the optimum while some region is two or
    /// more below it. Limited to max(1, min(relative × shards, absolute)).
    /// </summary>
    public static IReadOnlyList<int> Rebalance(IReadOnlyList<RegionView> regions, int absoluteLimit = 1000, double relativeLimit = 1.0)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var sorted = regions.Select((r, i) => (Region: r, Index: i)).OrderBy(x => x, Comparer<(RegionView Region, int Index)>.Create((a, b) =>
        {
            var c = Suitability(a.Region, b.Region);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        })).Select(x => x.Region).ToList();
        var shards = sorted.Sum(r => r.Shards.Count);
        if (sorted.Count == 0 || shards == 0)
        {
            return Array.Empty<int>();
        }

        var limit = Math.Max(1, Math.Min((int)(relativeLimit * shards), absoluteLimit));
        var optimal = (shards / sorted.Count) + (shards % sorted.Count == 0 ? 0 : 1);
        var phase1 = sorted.Where(r => r.Shards.Count > optimal).SelectMany(r => r.Shards.Take(r.Shards.Count - optimal)).Take(limit).ToList();
        if (phase1.Count > 0)
        {
            return phase1;
        }

        var below = sorted.Sum(r => Math.Max(0, optimal - 1 - r.Shards.Count));
        return below == 0
            ? Array.Empty<int>()
            : sorted.Where(r => r.Shards.Count >= optimal).Select(r => r.Shards[0]).Take(Math.Min(below, limit)).ToList();
    }

    /// <summary>Akka's ShardSuitabilityOrdering (not leaving before leaving, then fewer shards), then the model's tie-break: older first.</summary>
    private static int Suitability(RegionView a, RegionView b)
    {
        if (a.Leaving != b.Leaving)
        {
            return a.Leaving ? 1 : -1;
        }

        var count = a.Shards.Count.CompareTo(b.Shards.Count);
        return count != 0 ? count : a.Age.CompareTo(b.Age);
    }
}
