using System.Runtime.CompilerServices;
using ActorWarden.Cluster;
using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Host.Decisions;
using ActorWarden.Processes;
using ActorWarden.Supervision.Runtime;

namespace ActorWarden.Cli;

/// <summary>
/// The composition of a cluster node (warden.cluster.enabled = on; docs/cluster.md). Every reference to
/// ActorWarden.Cluster and Akka.Cluster is in this class, and its methods are never inlined into their
/// callers, so a warden without a cluster never loads those assemblies.
/// </summary>
internal static class ClusterComposition
{
    /// <summary>The actor system's config for a node: the cluster's settings over the warden's Akka config.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Akka.Configuration.Config AkkaConfig(WardenSettings settings) =>
        ClusterNode.AkkaConfig(settings, Supervision.Hosting.WardenAkkaConfig.For(settings));

    /// <summary>What is wrong with the node's TLS certificate, as one line; null when it will do or TLS is off.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string? TlsProblem(WardenSettings settings) =>
        ActorWarden.Cluster.Hosting.ClusterCertificateCheck.Problem(settings.Cluster.Tls, TimeProvider.System.GetUtcNow());

    /// <summary>The node: its own warden (local and every-node services, then the instances placed here) wrapped in the cluster.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IWardenRuntime CreateRuntime(WardenSettings settings, Serilog.ILogger logger, Func<Akka.Actor.ActorSystem> actorSystem, IProcessLauncher launcher)
    {
        var node = new ClusterNode(settings, logger);
        Warden? warden = null;
        warden = new Warden(node.LocalSettings, new WardenRuntimeOptions
        {
            Launcher = launcher,
            Logger = logger,
            ActorSystemProvider = actorSystem,
            Reloader = node.Reload,
            Node = settings.Cluster.NodeAddress,
            Observers = [new DecisionLog(logger, SuccessExits.From(() => warden?.Settings ?? settings), clock: TimeProvider.System), .. node.Observers],
        });
        return node.Wrap(new ContainedWarden(warden, launcher), actorSystem, () => WardenConfigLoader.Load(settings.ConfigFile));
    }
}
