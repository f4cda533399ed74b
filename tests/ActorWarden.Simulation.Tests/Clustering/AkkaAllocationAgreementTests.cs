using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ActorWarden.Cluster.Hosting;
using ActorWarden.Config;
using ActorWarden.Simulation.Clustering;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary>
/// The model mirrors the real cluster's placement rule instead of calling it (the simulator does not
/// load Akka.Cluster), so these tests hold the mirror to the original: Akka's allocation strategy as
/// <c>ClusterWarden</c> obtains it (<c>DefaultShardAllocationStrategy</c> over the settings
/// <see cref="ClusterAkkaConfig"/> renders), on a one-node cluster whose shard regions are local
/// actors, against <see cref="LeastShardAllocation"/> on the same allocations. Where Akka's choice
/// depends on its map order (equal shard counts), only the counts are compared.
/// </summary>
public sealed class AkkaAllocationAgreementTests : IDisposable
{
    private readonly ActorSystem _system;
    private readonly IShardAllocationStrategy _akka;
    private readonly IActorRef[] _regions;

    public AkkaAllocationAgreementTests()
    {
        var spec = new ClusterSpec { Enabled = true, Port = 0 };
        _system = ActorSystem.Create(ClusterAkkaConfig.SystemName, ClusterAkkaConfig.For(spec, ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        var cluster = Akka.Cluster.Cluster.Get(_system);
        cluster.Join(cluster.SelfAddress);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (cluster.SelfMember.Status != Akka.Cluster.MemberStatus.Up && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        cluster.SelfMember.Status.Should().Be(Akka.Cluster.MemberStatus.Up);
        _akka = ClusterSharding.Get(_system).DefaultShardAllocationStrategy(ClusterShardingSettings.Create(_system));
        (_akka as IActorSystemDependentAllocationStrategy)?.Start(_system);
        _regions = Enumerable.Range(0, 5).Select(i => _system.ActorOf(Props.Empty, $"region-{i}")).ToArray();
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_settings_the_model_assumes_are_the_ones_the_cluster_renders(bool tuned)
    {
        var spec = tuned
            ? new ClusterSpec
            {
                StableAfter = TimeSpan.FromSeconds(1), AcceptableHeartbeatPause = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromMilliseconds(250),
                GossipInterval = TimeSpan.FromMilliseconds(250), RemovalMargin = TimeSpan.FromMilliseconds(1500),
            }
            : new ClusterSpec { StableAfter = TimeSpan.FromSeconds(7), AcceptableHeartbeatPause = TimeSpan.FromSeconds(2) };
        var timings = ClusterTimings.From(spec);
        var rendered = ClusterAkkaConfig.Render(spec);

        timings.KeepAliveInterval.Should().Be(ClusterAkkaConfig.KeepAliveInterval(spec));
        rendered.Should().Contain("akka.cluster.sharding.rebalance-interval = 2s")
            .And.Contain($"split-brain-resolver.stable-after = {timings.StableAfter.TotalMilliseconds}ms")
            .And.Contain($"acceptable-heartbeat-pause = {timings.AcceptableHeartbeatPause.TotalMilliseconds}ms")
            .And.Contain($"failure-detector.heartbeat-interval = {timings.HeartbeatInterval.TotalMilliseconds}ms")
            .And.Contain("rebalance-absolute-limit = 1000").And.Contain("rebalance-relative-limit = 1.0");
        rendered.Should().Contain(tuned ? $"down-removal-margin = {timings.RemovalMargin.TotalMilliseconds}ms" : "down-removal-margin = off");
        timings.RebalanceInterval.Should().Be(TimeSpan.FromSeconds(2));
        timings.RemovalMargin.Should().Be(tuned ? TimeSpan.FromMilliseconds(1500) : timings.StableAfter);
        _akka.ToString().Should().Be("LeastShardAllocationStrategy(1000,1)");
    }

    [Fact]
    public async Task Allocation_and_rebalance_agree_with_akka_on_random_spreads()
    {
        var random = new Random(14);
        for (var round = 0; round < 300; round++)
        {
            var regionCount = random.Next(1, _regions.Length + 1);
            var next = 0;
            var shards = Enumerable.Range(0, regionCount).Select(_ => Enumerable.Range(0, random.Next(0, 9)).Select(_ => next++).ToArray()).ToArray();
            var allocations = ImmutableDictionary.CreateRange(shards.Select((s, i) => KeyValuePair.Create(_regions[i], (IImmutableList<string>)s.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToImmutableList())));
            var views = shards.Select((s, i) => new RegionView($"127.0.0.1:{4053 + i}", i, false, s)).ToList();
            var distinct = shards.Select(s => s.Length).Distinct().Count() == shards.Length;

            var akkaHome = Array.IndexOf(_regions, await _akka.AllocateShard(_regions[0], "new", allocations));
            var modelHome = LeastShardAllocation.Allocate(views);
            shards[akkaHome].Length.Should().Be(shards[modelHome].Length, $"round {round}: both pick a region with the fewest shards");
            if (distinct)
            {
                akkaHome.Should().Be(modelHome, $"round {round}");
            }

            var akkaMoves = (await _akka.Rebalance(allocations, ImmutableHashSet<string>.Empty)).Select(int.Parse).ToHashSet();
            var modelMoves = LeastShardAllocation.Rebalance(views).ToHashSet();
            modelMoves.Count.Should().Be(akkaMoves.Count, $"round {round}: {string.Join("/", shards.Select(s => s.Length))}");
            if (distinct)
            {
                modelMoves.Should().BeEquivalentTo(akkaMoves, $"round {round}: {string.Join("/", shards.Select(s => s.Length))}");
            }
        }
    }
}
