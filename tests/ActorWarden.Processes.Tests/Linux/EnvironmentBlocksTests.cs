using System.Collections.Frozen;
using System.Runtime.InteropServices;
using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class EnvironmentBlocksTests
{
    private static readonly FrozenDictionary<string, string> Frozen =
        new Dictionary<string, string> { ["A"] = "1", ["UNICODE"] = "žluť", ["ACTORWARDEN_TREE"] = "forged" }.ToFrozenDictionary();

    [Fact]
    public void A_frozen_environment_is_encoded_once_and_each_start_gets_its_own_marker()
    {
        var first = TreeMarkers.Next();
        var second = TreeMarkers.Next();
        IntPtr firstBlock;
        using (var lease = EnvironmentBlocks.Rent(Frozen, first))
        {
            firstBlock = lease.Array.Pointer;
            Entries(lease).Should().BeEquivalentTo("A=1", "UNICODE=žluť", $"ACTORWARDEN_TREE={first}");
        }

        using (var lease = EnvironmentBlocks.Rent(Frozen, second))
        {
            lease.Array.Pointer.Should().Be(firstBlock, "the kept block is reused");
            Entries(lease).Should().BeEquivalentTo("A=1", "UNICODE=žluť", $"ACTORWARDEN_TREE={second}");
        }
    }

    [Fact]
    public void A_start_while_the_kept_block_is_in_use_gets_a_block_of_its_own()
    {
        using var held = EnvironmentBlocks.Rent(Frozen, TreeMarkers.Next());
        var marker = TreeMarkers.Next();

        using var other = EnvironmentBlocks.Rent(Frozen, marker);

        other.Array.Pointer.Should().NotBe(held.Array.Pointer);
        Entries(other).Should().Contain($"ACTORWARDEN_TREE={marker}");
        Entries(held).Should().NotContain($"ACTORWARDEN_TREE={marker}", "the block in use keeps its own marker");
    }

    [Fact]
    public void A_dictionary_that_may_change_is_encoded_for_every_start()
    {
        var variables = new Dictionary<string, string> { ["A"] = "1" };
        using (var lease = EnvironmentBlocks.Rent(variables, TreeMarkers.Next()))
        {
            Entries(lease).Should().Contain("A=1");
        }

        variables["A"] = "2";
        using var changed = EnvironmentBlocks.Rent(variables, TreeMarkers.Next());

        Entries(changed).Should().Contain("A=2").And.NotContain("A=1");
    }

    private static unsafe List<string> Entries(EnvironmentBlocks.Lease lease)
    {
        var entries = new List<string>();
        for (var entry = (IntPtr*)lease.Array.Pointer; *entry != IntPtr.Zero; entry++)
        {
            entries.Add(Marshal.PtrToStringUTF8(*entry)!);
        }

        return entries;
    }
}
