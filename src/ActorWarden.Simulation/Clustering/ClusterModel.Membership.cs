namespace ActorWarden.Simulation.Clustering;

/// <summary>Membership: nodes start, die, are cut off and come back; the failure detector and the split-brain resolver react.</summary>
public sealed partial class ClusterModel
{
    private int _decision;

    private void Start()
    {
        foreach (var node in _scenario.Nodes)
        {
            Up(node, incarnation: 1, _ages == 0 ? "member; the oldest" : "member");
        }

        Wake();
    }

    private void Up(string node, int incarnation, string detail)
    {
        var member = new Member(node, _ages++, incarnation);
        _members[node] = member;
        Record(node, incarnation == 1 ? "up" : "joined", detail);
        foreach (var farm in _farms)
        {
            farm.Regions[member] = new List<int>();
        }

        foreach (var (service, instances) in _everyNode)
        {
            foreach (var instance in instances)
            {
                if (_copies.FirstOrDefault(c => c.Node == node && c.Instance == instance) is { } earlier)
                {
                    _copies.Remove(earlier);
                    if (earlier.State == "orphaned")
                    {
                        Record(node, "swept", "left running by the killed warden; the new warden stops it before it starts its services", service, instance);
                    }
                    else
                    {
                        Record(node, "stopped", "the node's warden restarts", service, instance);
                    }
                }

                _copies.Add(new Copy(service, instance, node, placed: false));
                Record(node, "started", "every-node", service, instance);
            }
        }
    }

    private void Kill(string node)
    {
        var member = _members[node];
        member.Alive = false;
        Record(node, "killed", "its warden is killed");
        foreach (var copy in CopiesOn(node))
        {
            if (copy.Placed)
            {
                _copies.Remove(copy);
                Record(node, "killed", "a placed process dies with its warden (the node's watcher kills it)", copy.Service, copy.Instance);
            }
            else if (copy.State != "orphaned")
            {
                copy.State = "orphaned";
                Record(node, "orphaned", "an every-node process outlives its warden until the node's next start sweeps it", copy.Service, copy.Instance);
            }
        }

        Detect(member);
        Wake();
    }

    /// <summary>How long a leaving node waits for its hand-overs before its warden stops anyway (ClusterWarden's LeaveTimeout).</summary>
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The node's warden is stopped: it leaves the cluster first, so sharding hands each of its placed
    /// instances over (stopped here by its stop ladder, then started elsewhere at the next keeper
    /// tick), for at most 15 s; then it is removed and its warden stops its own services.
    /// </summary>
    private void Leave(string node)
    {
        var member = _members[node];
        if (member.Status != MemberStatus.Up || !member.Alive)
        {
            Record(node, "leaving", "its warden stops; it is no member any more, so there is nothing to hand over");
            Exit(member);
            return;
        }

        member.Leaving = true;
        Record(node, "leaving", "its warden stops (SIGTERM): it leaves the cluster first and hands its placed instances over");
        var longest = TimeSpan.Zero;
        foreach (var farm in _farms)
        {
            foreach (var shard in farm.Regions.GetValueOrDefault(member)?.Where(s => !farm.HandingOff.Contains(s)).ToList() ?? [])
            {
                var wait = HandOff(farm, shard, "the node leaves");
                longest = wait > longest ? wait : longest;
            }
        }

        After(longest < LeaveTimeout ? longest : LeaveTimeout, () => Exit(member));
        Wake();
    }

    private void Exit(Member member)
    {
        if (member.Left || _members[member.Node] != member)
        {
            return;
        }

        member.Left = true;
        member.Leaving = false;

        // A downed member is removed by the survivors after the removal margin instead (Remove).
        if (member.Status == MemberStatus.Up)
        {
            member.Status = MemberStatus.Removed;
            foreach (var farm in _farms)
            {
                FreeShards(farm, member);
            }

            Record(member.Node, "left", "removed from the cluster; its warden stops its own services");
        }

        foreach (var copy in CopiesOn(member.Node).Where(c => c.State == "running"))
        {
            StopCopy(copy, "its warden stops");
        }

        member.Alive = false;
        Wake();
    }

    /// <summary>The coordinator forgets <paramref name="member"/>'s region: its shards are free for the next keeper tick.</summary>
    private static int FreeShards(Farm farm, Member member)
    {
        if (!farm.Regions.Remove(member, out var shards))
        {
            return 0;
        }

        foreach (var shard in shards)
        {
            farm.Home[shard] = null;
            farm.HandingOff.Remove(shard);
        }

        return shards.Count;
    }

    private void CutOff(string node)
    {
        var member = _members[node];
        member.Isolated = true;
        Record(node, "cut-off", "its traffic is dropped both ways; it keeps running");
        Detect(member);
    }

    private void Reconnect(string node)
    {
        var member = _members[node];
        member.Isolated = false;
        if (member.Status != MemberStatus.Up)
        {
            Record(node, "reconnected", "the partition heals; the node stays downed (a downed node must restart to join again)");
            return;
        }

        Record(node, "reconnected", "the partition heals");
        if (!member.Reachable && member.Alive)
        {
            member.Reachable = true;
            Record(node, "reachable", "heartbeats arrive again before the resolver decided");
            Unstable();
        }

        Wake();
    }

    private void Join(string node)
    {
        var incarnation = 1;
        if (_members.TryGetValue(node, out var old))
        {
            incarnation = old.Incarnation + 1;
            if (old.Status == MemberStatus.Up)
            {
                // Akka downs the old incarnation of an address whose new incarnation joins.
                Down(old, "a new incarnation of this node joins; Akka downs the old one");
            }

            foreach (var copy in CopiesOn(node).Where(c => c.Placed))
            {
                _copies.Remove(copy);
                Record(node, "stopped", "the node's warden restarts", copy.Service, copy.Instance);
            }
        }

        Up(node, incarnation, $"incarnation {incarnation}, the youngest member");
        Wake();
    }

    /// <summary>The node's peers stop hearing it: unreachable once the failure detector's pause has passed.</summary>
    private void Detect(Member member)
    {
        if (member.Status != MemberStatus.Up || !member.Reachable)
        {
            return;
        }

        After(_timings.UnreachableAfter, () =>
        {
            if (member.Status != MemberStatus.Up || !member.Reachable || (member.Alive && !member.Isolated))
            {
                return;
            }

            member.Reachable = false;
            Record(member.Node, "unreachable", $"no heartbeat for {Scenarios.SimTime.Short(_timings.HeartbeatInterval)} + acceptable-heartbeat-pause {Scenarios.SimTime.Short(_timings.AcceptableHeartbeatPause)}");
            Unstable();
        });
    }

    /// <summary>Reachability changed: the resolver decides once it has been stable for stable-after.</summary>
    private void Unstable()
    {
        var decision = ++_decision;
        After(_timings.StableAfter, () =>
        {
            if (decision == _decision)
            {
                Decide();
            }
        });
    }

    /// <summary>
    /// The split-brain resolver on every side at once: the reachable side, and each cut-off node alone.
    /// A side that survives downs the others; one that does not downs itself (its placed instances stop,
    /// its local and every-node services keep running).
    /// </summary>
    private void Decide()
    {
        var up = _members.Values.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m.Age).ToList();
        var unreachable = up.Where(m => !m.Reachable).ToList();
        if (unreachable.Count == 0)
        {
            return;
        }

        var reachable = up.Where(m => m.Reachable).ToList();
        var sides = new List<List<Member>>();
        if (reachable.Count > 0)
        {
            sides.Add(reachable);
        }

        sides.AddRange(unreachable.Where(m => m.Alive).Select(m => new List<Member> { m }));
        var survivor = sides.FirstOrDefault(side => SplitBrainRule.Survives(
            _timings.Downing,
            side.Select(m => m.AsSbr).ToArray(),
            up.Except(side).Select(m => m.AsSbr).ToArray()));
        var why = survivor is null
            ? $"{_timings.Downing}: no side survives"
            : $"{_timings.Downing}: the side of {string.Join(", ", survivor.Select(m => m.Node))} ({survivor.Count} of {up.Count}) stays";
        foreach (var member in up.Where(m => survivor is null || !survivor.Contains(m)))
        {
            Down(member, $"split-brain resolver after stable-after {Scenarios.SimTime.Short(_timings.StableAfter)}; {why}");
        }

        if (survivor is not null)
        {
            // The surviving side is the cluster now, even if it is a node that was cut off.
            survivor.ForEach(m => m.Reachable = true);
        }

        Wake();
    }

    /// <summary>
    /// The member is downed. If its warden runs, its shard regions stop, so its placed instances stop
    /// through their stop ladders; the survivors free its shards after the removal margin.
    /// </summary>
    private void Down(Member member, string why)
    {
        member.Status = MemberStatus.Down;
        Record(member.Node, "downed", why);
        if (member.Alive)
        {
            foreach (var copy in CopiesOn(member.Node).Where(c => c.Placed && c.State == "running"))
            {
                StopCopy(copy, "the node is downed: its shard region stops");
            }
        }

        After(_timings.RemovalMargin, () => Remove(member));
    }

    private void Remove(Member member)
    {
        member.Status = MemberStatus.Removed;
        var freed = 0;
        foreach (var farm in _farms)
        {
            freed += FreeShards(farm, member);
        }

        Record(member.Node, "removed", $"removal margin {Scenarios.SimTime.Short(_timings.RemovalMargin)} passed: {freed} shard(s) free, placed at the next keeper tick");
        Wake();
    }
}
