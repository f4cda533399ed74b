using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class TreeMarkersTests
{
    [Fact]
    public void Every_spawn_gets_its_own_marker_of_32_hex_digits_under_one_warden_prefix()
    {
        var markers = Enumerable.Range(0, 1000).Select(_ => TreeMarkers.Next()).ToList();

        markers.Should().OnlyHaveUniqueItems();
        markers.Should().OnlyContain(m => m.Length == 32 && m.All(Uri.IsHexDigit) && m == m.ToLowerInvariant());
        markers.Select(m => m[..16]).Distinct().Should().ContainSingle("the random half is drawn once per warden");
    }
}
