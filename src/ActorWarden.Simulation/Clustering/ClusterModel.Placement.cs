namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// Placement: the keeper's ticks allocate free shards (<see cref="LeastShardAllocation.Allocate"/>),
/// the coordinator's rebalance ticks hand shards off (<see cref="LeastShardAllocation.Rebalance"/>):
/// an instance handed off is stopped by its stop ladder on its old node, and only then is its shard
/// free to start on its new node.
/// </summary>
public sealed partial class ClusterModel
{
    private bool _formed;
    private bool _keeperTickPending;
    private bool _rebalanceTickPending;

    /// <summary>Schedules the next keeper and rebalance ticks when they would have something to do; idle ticks are skipped, which changes nothing.</summary>
    private void Wake()
    {
        var anyUp = _members.Values.Any(m => m.Status == MemberStatus.Up);
        var free = _farms.Any(f => f.Regions.Count > 0 && f.Home.Any(h => h is null));
        if (!_keeperTickPending && anyUp && (!_formed || free))
        {
            _keeperTickPending = true;
            Schedule(NextTick(_timings.KeepAliveInterval), KeeperTick);
        }

        if (!_rebalanceTickPending && _formed && _farms.Any(f => f.HandingOff.Count == 0 && LeastShardAllocation.Rebalance(Views(f)).Count > 0))
        {
            _rebalanceTickPending = true;
            Schedule(NextTick(_timings.RebalanceInterval), RebalanceTick);
        }
    }

    /// <summary>The first multiple of <paramref name="period"/> after now: ticks are on a fixed grid, like the periodic timers they model.</summary>
    private TimeSpan NextTick(TimeSpan period) => new(((_now.Ticks / period.Ticks) + 1) * period.Ticks);

    private void KeeperTick()
    {
        _keeperTickPending = false;
        if (!_formed)
        {
            var up = _members.Values.Count(m => m.Status == MemberStatus.Up);
            if (up >= _timings.MinNodes)
            {
                _formed = true;
                Record(_members.Values.Where(m => m.Status == MemberStatus.Up).MinBy(m => m.Age)!.Node, "placing", $"{up} member(s) up (min-nodes = {_timings.MinNodes}): the keepers place every instance from the next tick");
            }

            Wake();
            return;
        }

        foreach (var farm in _farms)
        {
            for (var shard = 0; shard < farm.Instances.Count; shard++)
            {
                if (farm.Home[shard] is null && farm.Regions.Count > 0)
                {
                    Allocate(farm, shard);
                }
            }
        }

        Wake();
    }

    private void Allocate(Farm farm, int shard)
    {
        var regions = farm.Regions.Keys.OrderBy(m => m.Age).ToList();
        var views = regions.Select(m => View(farm, m)).ToList();
        var home = regions[LeastShardAllocation.Allocate(views)];
        var counts = string.Join("/", views.Select(v => v.Shards.Count));
        farm.Regions[home].Add(shard);
        farm.Home[shard] = home;
        var instance = farm.Instances[shard];
        var why = $"shard {shard} to the region with the fewest ({counts} before)";
        if (!home.Alive || home.Isolated || home.Status != MemberStatus.Up)
        {
            Record(home.Node, "allocated", why + "; the node cannot start it (unreachable or downed), so it runs nowhere until that region is removed", farm.Name, instance);
            return;
        }

        var from = farm.LastNode[shard];
        _copies.Add(new Copy(farm.Name, instance, home.Node, placed: true));
        farm.LastNode[shard] = home.Node;
        Record(home.Node, "started", why, farm.Name, instance, from is not null && from != home.Node ? from : null);
        var elsewhere = _copies.Where(c => c.Instance == instance && c.Node != home.Node).Select(c => c.Node).ToList();
        if (elsewhere.Count > 0)
        {
            _duplicates.Add((_now, instance, elsewhere.Prepend(home.Node).ToArray()));
        }
    }

    private void RebalanceTick()
    {
        _rebalanceTickPending = false;

        // Akka rebalances only while every member is reachable (and none is joining).
        if (_members.Values.Any(m => m.Status == MemberStatus.Up && !m.Reachable))
        {
            Wake();
            return;
        }

        foreach (var farm in _farms.Where(f => f.HandingOff.Count == 0))
        {
            var views = Views(farm);
            var selected = LeastShardAllocation.Rebalance(views).Order().ToList();
            var counts = string.Join("/", views.Select(v => v.Shards.Count));
            foreach (var shard in selected)
            {
                HandOff(farm, shard, $"rebalance ({counts} over {views.Count} nodes)");
            }
        }

        Wake();
    }

    private TimeSpan HandOff(Farm farm, int shard, string why)
    {
        var home = farm.Home[shard]!;
        farm.HandingOff.Add(shard);
        var copy = _copies.FirstOrDefault(c => c.Node == home.Node && c.Instance == farm.Instances[shard] && c.Placed && c.State == "running");
        var wait = copy is null ? TimeSpan.Zero : StopCopy(copy, why + ": handed off, stopped before it starts elsewhere");
        After(wait, () =>
        {
            if (farm.Home[shard] != home || !farm.HandingOff.Remove(shard))
            {
                return;
            }

            farm.Regions[home].Remove(shard);
            farm.Home[shard] = null;
            Wake();
        });
        return wait;
    }

    /// <summary>Stops a placed process through its stop ladder (scripted stop-delay, killed at stop.timeout); returns how long that takes.</summary>
    private TimeSpan StopCopy(Copy copy, string why)
    {
        var took = _stopTime(copy.Service, copy.Instance);
        copy.State = "stopping";
        Record(copy.Node, "stopping", why, copy.Service, copy.Instance);
        After(took, () =>
        {
            if (_copies.Remove(copy))
            {
                Record(copy.Node, "stopped", $"after {Scenarios.SimTime.Short(took)}", copy.Service, copy.Instance);
            }
        });
        return took;
    }

    private List<RegionView> Views(Farm farm) => farm.Regions.Keys.OrderBy(m => m.Age).Select(m => View(farm, m)).ToList();

    private static RegionView View(Farm farm, Member member) => new(member.Node, member.Age, member.Status != MemberStatus.Up || member.Leaving, farm.Regions[member].ToArray());
}
