using FluentAssertions;
using Xunit;

namespace ActorWarden.ControlPlane.Tests;

/// <summary>The control plane serves what the contracts describe, and so builds and tests without the supervision tree.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_control_plane_references_only_the_contracts_of_ours()
    {
        typeof(ControlPlaneServer).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Where(name => name!.StartsWith("ActorWarden.", StringComparison.Ordinal))
            .Should().BeEquivalentTo("ActorWarden.Contracts");
    }
}
