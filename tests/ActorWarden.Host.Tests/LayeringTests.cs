using System.Reflection;
using ActorWarden.Contracts.Control;
using FluentAssertions;
using Xunit;

namespace ActorWarden.Host.Tests;

/// <summary>
/// The host is handed the runtime and its Akka config by the composition root; it knows the domain only
/// through the contracts, so a change inside the supervision tree never reaches the host's assembly.
/// </summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_host_references_no_assembly_of_the_domain()
    {
        Ours(typeof(WardenHost).Assembly).Should().BeEquivalentTo("ActorWarden.Contracts", "ActorWarden.Config");
    }

    [Fact]
    public void The_contracts_reference_only_the_base_class_library()
    {
        typeof(IWardenControl).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Should().OnlyContain(name => name == "System.Runtime" || name!.StartsWith("System.", StringComparison.Ordinal));
    }

    private static IEnumerable<string?> Ours(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name).Where(name => name!.StartsWith("ActorWarden.", StringComparison.Ordinal));
}
