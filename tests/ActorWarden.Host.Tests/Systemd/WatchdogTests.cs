using System.Runtime.InteropServices;
using ActorWarden.Host.Tests.Fakes;

namespace ActorWarden.Host.Tests.Systemd;

/// <summary>
/// WATCHDOG=1 cadence on a manual clock: one ping per half timeout, and none while the root guardian
/// hangs or says no, so systemd's watchdog fires for a wedged tree.
/// </summary>
public sealed class WatchdogTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly NotifySocketListener _systemd = NotifySocketListener.InTempDirectory();
    private readonly FakeHostPlatform _platform = new() { ProcessId = 777 };
    private readonly FakeWardenRuntime _runtime = new();
    private readonly ManualTimeProvider _time = new();

    public WatchdogTests()
    {
        _platform.Environment["NOTIFY_SOCKET"] = _systemd.Address;
        _platform.Environment["WATCHDOG_USEC"] = "2000000";
    }

    [Fact]
    public async Task Pings_every_half_timeout_while_the_root_answers()
    {
        var run = Run();
        var messages = new List<string> { await _systemd.ReceiveAsync() };
        await Eventually.True(() => _time.ArmedTimers == 1, "watchdog timer armed");

        for (var tick = 1; tick <= 3; tick++)
        {
            _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
            _systemd.IsQuiet(TimeSpan.FromMilliseconds(50)).Should().BeTrue("no ping before the interval has passed");
            _time.Advance(TimeSpan.FromMilliseconds(1));
            messages.Add(await _systemd.ReceiveAsync());
        }

        _platform.Raise(PosixSignal.SIGTERM);
        messages.Add(await _systemd.ReceiveAsync());
        await run;

        messages.Should().Equal("READY=1\nSTATUS=0 running, 0 backoff, 0 fatal", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "STOPPING=1\nSTATUS=Stopping");
        _runtime.Pings.Should().Be(3);
    }

    [Fact]
    public async Task Supervised_children_do_not_inherit_the_notify_socket_or_the_watchdog()
    {
        _platform.Environment["WATCHDOG_PID"] = "777";
        var run = Run();
        await _systemd.ReceiveAsync();

        _platform.Environment.Keys.Should().NotContain(new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID" });
        _time.ArmedTimers.Should().Be(1, "the watchdog was read before the variables were removed");
        _platform.Raise(PosixSignal.SIGTERM);
        await run;
    }

    [Fact]
    public async Task No_ping_while_the_root_hangs_or_answers_false_and_pings_resume_when_it_answers()
    {
        var hung = new TaskCompletionSource<bool>();
        _runtime.PingAnswer = n => n switch
        {
            1 => hung.Task,
            2 => Task.FromResult(false),
            _ => Task.FromResult(true),
        };
        var run = Run();
        var messages = new List<string> { await _systemd.ReceiveAsync() };
        await Eventually.True(() => _time.ArmedTimers == 1, "watchdog timer armed");

        _time.Advance(Interval);
        await Eventually.True(() => _runtime.Pings == 1 && _time.ArmedTimers == 2, "first ping waiting on its timeout");
        _time.Advance(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.True(() => _runtime.Pings == 2, "second ping");
        _systemd.IsQuiet(TimeSpan.FromMilliseconds(100)).Should().BeTrue("a hung or negative ping must not feed the watchdog");

        _time.Advance(Interval);
        messages.Add(await _systemd.ReceiveAsync());
        _platform.Raise(PosixSignal.SIGTERM);
        messages.Add(await _systemd.ReceiveAsync());
        await run;

        messages.Should().Equal("READY=1\nSTATUS=0 running, 0 backoff, 0 fatal", "WATCHDOG=1", "STOPPING=1\nSTATUS=Stopping");
        _runtime.Pings.Should().Be(3);
    }

    [Fact]
    public async Task A_watchdog_meant_for_another_pid_is_ignored()
    {
        _platform.Environment["WATCHDOG_PID"] = "778";
        var run = Run();
        await _systemd.ReceiveAsync();

        _time.Advance(TimeSpan.FromSeconds(10));

        _systemd.IsQuiet(TimeSpan.FromMilliseconds(100)).Should().BeTrue();
        _runtime.Pings.Should().Be(0);
        _platform.Raise(PosixSignal.SIGTERM);
        await run;
    }

    public void Dispose() => _systemd.Dispose();

    private Task<int> Run() =>
        new WardenHost(_platform).RunAsync(_ => _runtime, new WardenHostOptions { Logger = new TestLog().Logger, TimeProvider = _time });
}
