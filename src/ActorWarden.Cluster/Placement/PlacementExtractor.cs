using Akka.Cluster.Sharding;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// One shard per instance of a farm (shard id = the instance's 0-based index), so the least-shard
/// allocation strategy spreads instances as it spreads shards: 12 over 3 nodes is 4/4/4.
/// </summary>
internal sealed class PlacementExtractor : IMessageExtractor
{
    private readonly PlacementPlan _plan;

    public PlacementExtractor(PlacementPlan plan) => _plan = plan;

    public string? EntityId(object message) => message switch
    {
        PlaceInstance place => place.Instance,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id, message) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        (_plan.Find(entityId)?.Index ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
