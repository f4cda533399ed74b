using ActorWarden.Host.Platform;
using ActorWarden.Host.Tests.Fakes;

namespace ActorWarden.Host.Tests.Platform;

public sealed class HostKindDetectorTests
{
    [Theory]
    [InlineData(false, false, false, null, HostKind.Console)]
    [InlineData(false, false, false, "/run/systemd/notify", HostKind.Systemd)]
    [InlineData(false, false, false, "@/org/freedesktop/systemd1/notify", HostKind.Systemd)]
    [InlineData(false, false, false, "", HostKind.Console)]
    [InlineData(true, false, false, null, HostKind.Console)]
    [InlineData(true, true, false, null, HostKind.WindowsService)]
    [InlineData(true, false, true, null, HostKind.WindowsService)]
    [InlineData(true, false, false, "/run/systemd/notify", HostKind.Console)]
    public void Picks_the_lifetime_from_the_environment(bool windows, bool serviceFlag, bool startedByScm, string? notifySocket, HostKind expected)
    {
        var platform = new FakeHostPlatform { IsWindows = windows, StartedByScm = startedByScm };
        if (notifySocket is not null)
        {
            platform.Environment["NOTIFY_SOCKET"] = notifySocket;
        }

        HostKindDetector.Detect(platform, new WardenHostOptions { RunAsWindowsService = serviceFlag }).Should().Be(expected);
    }

    [Fact]
    public void An_explicit_kind_wins_over_detection()
    {
        var platform = new FakeHostPlatform();
        platform.Environment["NOTIFY_SOCKET"] = "/run/systemd/notify";

        HostKindDetector.Detect(platform, new WardenHostOptions { Kind = HostKind.Console }).Should().Be(HostKind.Console);
    }
}
