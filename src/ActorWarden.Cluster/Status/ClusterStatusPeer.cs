using ActorWarden.Contracts.Control;
using Akka.Actor;

namespace ActorWarden.Cluster.Status;

/// <summary>
/// One per node (<c>/user/cluster-status</c>): answers another node's <see cref="NodeStatusRequest"/>
/// with this node's own instances, so every node can answer for the whole cluster, and runs an
/// operator's <see cref="NodeCommand"/> for an instance that runs here.
/// </summary>
internal sealed class ClusterStatusPeer : ReceiveActor
{
    public const string Name = "cluster-status";

    private ClusterStatusPeer(string node, Func<CancellationToken, Task<WardenStatus>> localStatus, IWardenControl local)
    {
        Receive<NodeCommand>(command =>
        {
            NodeCommandRunner.Run(local, command).PipeTo(Sender, success: NodeCommandReply.From);
        });
        Receive<NodeStatusRequest>(_ =>
        {
            localStatus(CancellationToken.None).PipeTo(Sender, success: status => new NodeStatusReply(node, NodeStatusJson.Write(status)));
        });
    }

    public static Props Props(string node, Func<CancellationToken, Task<WardenStatus>> localStatus, IWardenControl local) =>
        Supervision.Hosting.ActorProps.Of(() => new ClusterStatusPeer(node, localStatus, local));
}
