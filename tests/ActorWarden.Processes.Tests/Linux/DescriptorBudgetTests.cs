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

    // A quarter of 20,000 may be kept; past 18,968 open a spawn's 8 would eat into the 1,024 reserve.
    [Theory]
    [InlineData(1, 20_000, 500L, true)]
    [InlineData(5_000, 20_000, 10_000L, true)]
    [InlineData(5_001, 20_000, 10_000L, false)]
    [InlineData(10, 20_000, 18_968L, true)]
    [InlineData(10, 20_000, 18_969L, false)]
    [InlineData(10, 20_000, null, true)]
    [InlineData(257, 1_024, 100L, false)]
    public void Descriptors_kept_to_spare_opens_stay_under_a_quarter_of_the_limit_and_off_the_reserve(long kept, long limit, long? open, bool mayKeep) =>
        DescriptorBudget.MayKeep(kept, limit, open).Should().Be(mayKeep);
}
