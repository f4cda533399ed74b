using Akka.Actor;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Cluster.Status;

/// <summary>
/// One per node (<c>/user/cluster-status</c>): answers another node's <see cref="NodeStatusRequest"/>
/// with this node's own instances, so every node can answer for the whole cluster.
/// </summary>
internal sealed class ClusterStatusPeer : ReceiveActor
{
    public const string Name = "cluster-status";

    private ClusterStatusPeer(string node, Func<CancellationToken, Task<WardenStatus>> localStatus)
    {
        Receive<NodeStatusRequest>(_ =>
        {
            localStatus(CancellationToken.None).PipeTo(Sender, success: status => new NodeStatusReply(node, NodeStatusJson.Write(status)));
        });
    }

    public static Props Props(string node, Func<CancellationToken, Task<WardenStatus>> localStatus) =>
        Supervision.Hosting.ActorProps.Of(() => new ClusterStatusPeer(node, localStatus));
}
