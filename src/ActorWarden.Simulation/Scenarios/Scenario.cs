namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// A scripted world for <c>warden simulate</c>: how long to run, the seed of everything random, and
/// what the processes of each service and instance do on the virtual clock. The policy under test is
/// the warden config; the scenario only plays the part of the programs and the machine.
/// </summary>
public sealed record Scenario
{
    /// <summary>Default length of a simulation when the scenario does not say.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(1);

    /// <summary>How much virtual time to simulate.</summary>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>Seed of the backoff jitter and of the scripted crash rates.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The file the scenario came from (for messages), or "" when built in code.</summary>
    public string Origin { get; init; } = "";

    /// <summary>Scripts per service name.</summary>
    public IReadOnlyDictionary<string, ProcessScript> Services { get; init; } = new Dictionary<string, ProcessScript>(StringComparer.Ordinal);

    /// <summary>Scripts per instance name (override the service's script setting by setting).</summary>
    public IReadOnlyDictionary<string, ProcessScript> Instances { get; init; } = new Dictionary<string, ProcessScript>(StringComparer.Ordinal);

    /// <summary>The cluster to model (<c>scenario.cluster</c>), or null for a warden on its own.</summary>
    public Clustering.ClusterScenario? Cluster { get; init; }

    /// <summary>The effective script of <paramref name="instance"/> of <paramref name="service"/>.</summary>
    public ProcessScript ScriptFor(string service, string instance)
    {
        var serviceScript = Services.GetValueOrDefault(service) ?? ProcessScript.None;
        return Instances.TryGetValue(instance, out var own) ? own.Over(serviceScript) : serviceScript;
    }
}
