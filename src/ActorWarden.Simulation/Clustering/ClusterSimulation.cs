using ActorWarden.Config;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// How <see cref="Simulator"/> simulates a cluster node: the supervision tree runs what one node's
/// warden runs by itself (local and every-node services, exactly as without a cluster), and the
/// <see cref="ClusterModel"/> says where the cluster-placed instances and the every-node instances are.
/// </summary>
internal static class ClusterSimulation
{
    /// <summary>
    /// The config without its cluster-placed services and their implicit groups: what a node's warden
    /// runs while it hosts no placed instance (the same rule as <c>PlacementPlan.Compose</c> in
    /// src/ActorWarden.Cluster with nothing hosted).
    /// </summary>
    public static WardenSettings LocalPart(WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var farms = settings.Services.Where(s => s.Placement == Placement.Cluster).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return settings with
        {
            Services = settings.Services.Where(s => !farms.Contains(s.Name)).ToList(),
            Groups = settings.Groups.Where(g => !(g.Implicit && farms.Contains(g.Name))).ToList(),
        };
    }

    /// <summary>The model of <paramref name="settings"/>' cluster under <paramref name="scenario"/>'s cluster part.</summary>
    public static ClusterModel Model(WardenSettings settings, Scenario scenario, ClusterScenario cluster)
    {
        var specs = settings.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        return new ClusterModel(settings, cluster, (service, instance) => StopTime(specs[service], scenario.ScriptFor(service, instance).StopResponse));
    }

    /// <summary>How long a stop takes: the scripted stop-delay, cut short by the stop ladder's kill at stop.timeout.</summary>
    public static TimeSpan StopTime(ServiceSpec spec, StopResponse? response)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var delay = (response ?? StopResponse.Immediate).Delay ?? spec.Stop.Timeout;
        return delay < spec.Stop.Timeout ? delay : spec.Stop.Timeout;
    }
}
