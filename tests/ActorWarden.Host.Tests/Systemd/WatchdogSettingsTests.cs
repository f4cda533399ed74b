using ActorWarden.Host.Systemd;
using ActorWarden.Host.Tests.Fakes;

namespace ActorWarden.Host.Tests.Systemd;

public sealed class WatchdogSettingsTests
{
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("abc", null, null)]
    [InlineData("-5", null, null)]
    [InlineData("30000000", null, 15.0)]
    [InlineData("30000000", "100", 15.0)]
    [InlineData("30000000", "101", null)]
    [InlineData("30000000", "x", null)]
    public void Follows_sd_watchdog_enabled(string? usec, string? pid, double? expectedIntervalSeconds)
    {
        var platform = new FakeHostPlatform { ProcessId = 100 };
        if (usec is not null)
        {
            platform.Environment["WATCHDOG_USEC"] = usec;
        }

        if (pid is not null)
        {
            platform.Environment["WATCHDOG_PID"] = pid;
        }

        var settings = WatchdogSettings.FromEnvironment(platform);

        if (expectedIntervalSeconds is null)
        {
            settings.Should().BeNull();
        }
        else
        {
            settings!.Interval.Should().Be(TimeSpan.FromSeconds(expectedIntervalSeconds.Value));
        }
    }
}
