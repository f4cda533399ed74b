using ActorWarden.Supervision.Policy;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Policy;

/// <summary>The intensity rule as a table: history, now, intensity → permitted and the history kept.</summary>
public sealed class RestartIntensityTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static TheoryData<string, int, double?, int, double, double, bool, int, double?> Rows => new()
    {
        // case                                count start max within  now    permitted count start
        { "first restart opens the window",     0, null,  2, 1,     100,   true,  1, 100 },
        { "second inside the window",           1, 100,   2, 1,     100.5, true,  2, 100 },
        { "third inside the window is refused", 2, 100,   2, 1,     101,   false, 3, 100 },
        { "the window edge is inside",          2, 100,   3, 10,    110,   true,  3, 100 },
        { "after the window a new one opens",   5, 100,   2, 1,     105,   true,  1, 105 },
        { "zero restarts refuses at once",      0, null,  0, 1,     100,   false, 0, null },
        { "negative max refuses like zero",     0, null, -1, 1,     100,   false, 0, null },
        { "no window counts over the lifetime", 1, null,  2, 0,     1e6,   true,  2, null },
        { "no window refuses past the max",     2, null,  2, 0,     2e6,   false, 3, null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Restart_permission_follows_the_window(
        string @case, int count, double? start, int max, double within, double now, bool permitted, int nextCount, double? nextStart)
    {
        var history = new RestartHistory(count, start is { } s ? S(s) : null);

        var result = RestartIntensity.Request(history, S(now), new IntensitySpec(max, S(within)));

        result.Permitted.Should().Be(permitted, @case);
        result.Next.Should().Be(new RestartHistory(nextCount, nextStart is { } n ? S(n) : null), @case);
    }

    [Fact]
    public void An_infinite_window_counts_over_the_lifetime()
    {
        var intensity = new IntensitySpec(1, Timeout.InfiniteTimeSpan);

        var first = RestartIntensity.Request(RestartHistory.None, S(0), intensity);
        var second = RestartIntensity.Request(first.Next, TimeSpan.FromDays(365), intensity);

        first.Permitted.Should().BeTrue();
        second.Permitted.Should().BeFalse();
    }

    [Fact]
    public void A_crash_every_five_seconds_under_two_per_second_is_always_permitted()
    {
        var intensity = new IntensitySpec(2, S(1));
        var history = RestartHistory.None;

        for (var i = 0; i < 20; i++)
        {
            var result = RestartIntensity.Request(history, S(5 * i), intensity);
            result.Permitted.Should().BeTrue($"crash {i} at {5 * i} s");
            history = result.Next;
        }
    }
}
