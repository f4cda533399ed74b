using System.Globalization;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>The clock column is written digit by digit for speed; it must stay the formatted shape byte for byte.</summary>
public sealed class SimTimeTests
{
    [Theory]
    [InlineData(0, "00:00:00.000")]
    [InlineData(0.0004, "00:00:00.000")]
    [InlineData(0.0005, "00:00:00.001")]
    [InlineData(62.25, "00:01:02.250")]
    [InlineData(86_400, "24:00:00.000")]
    [InlineData(359_999.999, "99:59:59.999")]
    [InlineData(360_000, "100:00:00.000")]
    public void Clock_has_the_fixed_shape(double seconds, string expected) =>
        SimTime.Clock(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Fact]
    public void Clock_matches_the_formatted_form_across_a_long_run()
    {
        var random = new Random(5);
        for (var i = 0; i < 10_000; i++)
        {
            var t = TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromHours(120).Ticks));
            SimTime.Clock(t).Should().Be(Formatted(t));
        }
    }

    private static string Formatted(TimeSpan t)
    {
        var totalMs = (long)Math.Round(t.TotalMilliseconds, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{totalMs / 3_600_000:00}:{totalMs / 60_000 % 60:00}:{totalMs / 1000 % 60:00}.{totalMs % 1000:000}");
    }
}
