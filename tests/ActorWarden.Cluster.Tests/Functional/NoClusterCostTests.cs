using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>A warden without warden.cluster loads nothing of the cluster (issue 14: it pays nothing for it).</summary>
public sealed class NoClusterCostTests
{
    [Fact]
    public async Task A_warden_without_a_cluster_maps_no_cluster_or_remoting_assembly()
    {
        await using var warden = RunningWarden.Start("""
                one { command = sleep, args = ["1000"] }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), TimeSpan.FromSeconds(60), "the service running");

        var mapped = File.ReadAllLines($"/proc/{warden.Pid}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .Select(fields => Path.GetFileName(fields[5]))
            .ToHashSet(StringComparer.Ordinal);

        mapped.Should().Contain("Akka.dll", "the check must see the assemblies the warden did load");
        mapped.Where(f => f.StartsWith("Akka.Cluster", StringComparison.Ordinal) || f.StartsWith("Akka.Remote", StringComparison.Ordinal)
                || f.StartsWith("DotNetty", StringComparison.Ordinal) || f == "ActorWarden.Cluster.dll")
            .Should().BeEmpty();
    }
}
