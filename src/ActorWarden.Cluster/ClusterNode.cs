using ActorWarden.Cluster.Containment;
using ActorWarden.Cluster.Hosting;
using ActorWarden.Cluster.Placement;
using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using Akka.Actor;

namespace ActorWarden.Cluster;

/// <summary>
/// How the composition root makes a warden a cluster node: the Akka config for the host's actor system,
/// the settings and reloader the node's own warden is built with, an event observer for it, and the
/// wrapper that adds the cluster around it once it is built.
/// </summary>
public sealed class ClusterNode
{
    private readonly PlacementPlan _plan;
    private readonly ComposedSettings _composed;
    private readonly NodeDeathWatch _deathWatch;
    private readonly PlacedProcessEvents _processEvents;
    private readonly Serilog.ILogger _log;

    public ClusterNode(WardenSettings settings, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Cluster.Enabled)
        {
            throw new ArgumentException("warden.cluster.enabled is off", nameof(settings));
        }

        _log = log ?? throw new ArgumentNullException(nameof(log));
        _plan = new PlacementPlan(settings);
        _composed = new ComposedSettings(_plan.Compose([]));
        _deathWatch = new NodeDeathWatch(_plan, log);
        _processEvents = new PlacedProcessEvents(_plan);
    }

    /// <summary>The Akka config of a node: the cluster's settings over <paramref name="warden"/>'s (<c>WardenAkkaConfig.For(settings)</c>).</summary>
    public static Akka.Configuration.Config AkkaConfig(WardenSettings settings, Akka.Configuration.Config warden) =>
        ClusterAkkaConfig.For(settings.Cluster, warden);

    /// <summary>What the node's own warden starts with: local and every-node services, no placed instance yet.</summary>
    public WardenSettings LocalSettings => _composed.Current;

    /// <summary>The node's warden's reloader: the settings the placement host composed for the reload it asked for.</summary>
    public WardenSettings Reload() => _composed.Current;

    /// <summary>Observers of the node's warden's events: the death watch (binds placed processes to the warden) and the placement host's view of live placed processes.</summary>
    public IReadOnlyList<IEventPublisher> Observers => [_deathWatch, _processEvents];

    /// <summary>The node around its own warden; <paramref name="loadFile"/> reads the config file for the operator's reload.</summary>
    public IWardenRuntime Wrap(IWardenRuntime local, Func<ActorSystem> system, Func<WardenSettings> loadFile) =>
        new ClusterWarden(local, _plan, _composed, system, loadFile, _deathWatch, _processEvents, _log);
}
