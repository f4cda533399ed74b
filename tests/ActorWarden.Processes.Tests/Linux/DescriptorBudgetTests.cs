using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>The arithmetic both the spawn check and the optional asks (a splice relay) decide by.</summary>
public sealed class DescriptorBudgetTests
{
    // 20,000 keeps 1,024 free, 1,024 keeps 64. At 18,975 open, two more would eat into the reserve: no relay then.
    [Theory]
    [InlineData(100, 20_000, 2, 20_000 - 1_024 - 100 - 2)]
    [InlineData(18_974, 20_000, 2, 0)]
    [InlineData(18_975, 20_000, 2, -1)]
    [InlineData(900, 1_024, 8, 1_024 - 64 - 900 - 8)]
    public void What_is_left_above_the_reserve_after_the_descriptors_asked_for(long open, long limit, int needed, long free) =>
        DescriptorBudget.Free(open, limit, needed).Should().Be(free);
}
