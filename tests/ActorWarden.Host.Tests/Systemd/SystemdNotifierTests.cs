using ActorWarden.Host.Systemd;
using ActorWarden.Host.Tests.Fakes;

namespace ActorWarden.Host.Tests.Systemd;

public sealed class SystemdNotifierTests
{
    [Fact]
    public async Task Sends_one_datagram_per_message_to_a_socket_path()
    {
        using var systemd = NotifySocketListener.InTempDirectory();
        using var notifier = new SystemdNotifier(systemd.Address);

        notifier.Notify("READY=1").Should().BeTrue();
        notifier.Notify("STATUS=3 running, 0 backoff, 0 fatal").Should().BeTrue();

        (await systemd.ReceiveAsync()).Should().Be("READY=1");
        (await systemd.ReceiveAsync()).Should().Be("STATUS=3 running, 0 backoff, 0 fatal");
    }

    [Fact]
    public async Task An_at_sign_address_is_the_abstract_namespace()
    {
        using var systemd = NotifySocketListener.InAbstractNamespace();
        using var notifier = new SystemdNotifier(systemd.Address);

        notifier.Notify("WATCHDOG=1").Should().BeTrue();

        (await systemd.ReceiveAsync()).Should().Be("WATCHDOG=1");
    }

    [Fact]
    public void A_missing_listener_is_reported_as_false_not_thrown()
    {
        using var notifier = new SystemdNotifier(Path.Combine(Path.GetTempPath(), "aw-no-such-" + Guid.NewGuid().ToString("N"), "notify.sock"));

        notifier.Notify("READY=1").Should().BeFalse();
    }

    [Fact]
    public void A_relative_socket_path_is_rejected_with_its_value()
    {
        var act = () => new SystemdNotifier("run/notify");

        act.Should().Throw<ArgumentException>().WithMessage("*'run/notify'*");
    }

    [Fact]
    public void Comes_from_NOTIFY_SOCKET_only_when_set()
    {
        var platform = new FakeHostPlatform();
        SystemdNotifier.FromEnvironment(platform).Should().BeNull();

        platform.Environment["NOTIFY_SOCKET"] = "/run/systemd/notify";
        using var notifier = SystemdNotifier.FromEnvironment(platform);
        notifier!.SocketPath.Should().Be("/run/systemd/notify");
    }
}
