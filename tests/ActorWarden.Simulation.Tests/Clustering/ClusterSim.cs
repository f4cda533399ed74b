using ActorWarden.Config;
using ActorWarden.TestSupport;
using ActorWarden.Simulation.Clustering;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Simulation.Tests.Clustering;

/// <summary>Loads a config and a scenario through the real loaders, for the cluster model's tests.</summary>
internal static class ClusterSim
{
    /// <summary>A cluster node's config with a 12-instance farm, an every-node agent and a local db; <paramref name="cluster"/> goes inside warden.cluster.</summary>
    public static string NodeConfig(string cluster = "", string web = "") => $$"""
        warden {
          cluster { enabled = on, seed-nodes = ["127.0.0.1:4053"], {{cluster}} }
          services {
            web { placement = cluster, instances = 12, command = "/bin/web", stop.timeout = 5s, {{web}} }
            agent { placement = every-node, command = "/bin/agent" }
            db { command = "/bin/db" }
          }
        }
        """;

    public const string ThreeNodes = """nodes = ["127.0.0.1:4053", "127.0.0.1:4054", "127.0.0.1:4055"]""";

    public static WardenSettings Load(string config) =>
        TempFile.Read(config, "warden.conf", path => WardenConfigLoader.Load(path, useEnvironment: false));

    public static Scenario ScenarioOf(WardenSettings settings, string body) => ScenarioLoader.Parse($"scenario {{\n{body}\n}}", "s.conf", settings);

    /// <summary>Runs the model alone (no tree) for the scenario's duration, advancing the clock in <paramref name="step"/>s (null: one step).</summary>
    public static ClusterTimeline Model(string config, string scenarioBody, TimeSpan? step = null)
    {
        var settings = Load(config);
        var scenario = ScenarioOf(settings, scenarioBody);
        var model = ClusterSimulation.Model(settings, scenario, scenario.Cluster!);
        if (step is { } s)
        {
            for (var t = s; t < scenario.Duration; t += s)
            {
                model.AdvanceTo(t);
            }
        }

        return model.Finish(scenario.Duration);
    }

    /// <summary>How many running instances of <paramref name="service"/> each node has at the end, in node order.</summary>
    public static int[] Spread(this PlacementSnapshot snapshot, string service = "web") =>
        snapshot.Nodes.Select(n => n.Instances.Count(i => i.Service == service && i.State == "running")).ToArray();

    public static ClusterRecord Single(this ClusterTimeline timeline, string node, string ev, string? instance = null) =>
        timeline.Records.Single(r => r.Node == node && r.Event == ev && r.Instance == instance);
}
