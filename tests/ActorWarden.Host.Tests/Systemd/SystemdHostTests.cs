using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ActorWarden.Contracts.Control;
using ActorWarden.Host.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ActorWarden.Host.Tests.Systemd;

/// <summary>The sd_notify conversation, read off a real unix datagram socket exactly as systemd would.</summary>
public sealed class SystemdHostTests : IDisposable
{
    private readonly NotifySocketListener _systemd = NotifySocketListener.InTempDirectory();
    private readonly FakeHostPlatform _platform = new();
    private readonly FakeWardenRuntime _runtime = new();
    private readonly TestLog _log = new();

    public SystemdHostTests() => _platform.Environment["NOTIFY_SOCKET"] = _systemd.Address;

    [Fact]
    public async Task Lifecycle_is_ready_after_WhenReady_then_status_reload_and_stopping_in_exact_order()
    {
        _runtime.ReadyOnStart = false;
        _runtime.FakeControl.SetStates(ProcessState.Running, ProcessState.Starting);
        var run = Run();

        await Eventually.Within(_runtime.StartCalled.Task, "runtime start");
        _systemd.IsQuiet(TimeSpan.FromMilliseconds(200)).Should().BeTrue("READY=1 must wait for the runtime's WhenReady");

        _runtime.FakeControl.SetStates(ProcessState.Running, ProcessState.Running);
        _runtime.Ready.SetResult();
        var messages = new List<string> { await _systemd.ReceiveAsync() };
        await Eventually.True(() => _runtime.FakeControl.Subscribers == 1, "event subscription");

        _runtime.FakeControl.Transition("backoff", ProcessState.Running, ProcessState.Backoff);
        messages.Add(await _systemd.ReceiveAsync());
        _runtime.FakeControl.Transition("exited", ProcessState.Running, ProcessState.Backoff);
        _runtime.FakeControl.Transition("fatal", ProcessState.Running, ProcessState.Fatal);
        messages.Add(await _systemd.ReceiveAsync());

        _platform.Raise(PosixSignal.SIGHUP).Should().BeTrue("SIGHUP must not terminate the warden");
        messages.AddRange(await _systemd.ReceiveUntilAsync(m => m.StartsWith("READY=1", StringComparison.Ordinal)));

        _platform.Raise(PosixSignal.SIGTERM).Should().BeTrue();
        messages.Add(await _systemd.ReceiveAsync());
        (await Eventually.Within(run, "host exit")).Should().Be(0);

        messages.Select(m => Regex.Replace(m, @"MONOTONIC_USEC=\d+", "MONOTONIC_USEC=<n>")).Should().Equal(
            "READY=1\nSTATUS=2 running, 0 backoff, 0 fatal",
            "STATUS=1 running, 1 backoff, 0 fatal",
            "STATUS=1 running, 0 backoff, 1 fatal",
            "RELOADING=1\nMONOTONIC_USEC=<n>",
            "READY=1\nSTATUS=1 running, 0 backoff, 1 fatal",
            "STOPPING=1\nSTATUS=Stopping");
        _systemd.IsQuiet(TimeSpan.FromMilliseconds(100)).Should().BeTrue();
        _runtime.FakeControl.Reloads.Should().Be(1);
        _runtime.StopCalls.Should().Equal(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Reloading_carries_CLOCK_MONOTONIC_in_microseconds()
    {
        var run = Run();
        await _systemd.ReceiveAsync();
        var before = MonotonicMicroseconds();
        _platform.Raise(PosixSignal.SIGHUP);
        var reloading = await _systemd.ReceiveAsync();
        var after = MonotonicMicroseconds();

        var usec = long.Parse(Regex.Match(reloading, @"^RELOADING=1\nMONOTONIC_USEC=(\d+)$").Groups[1].Value);
        usec.Should().BeInRange(before, after);
        await Stop(run);
    }

    [Fact]
    public async Task A_reload_requested_through_the_control_seam_is_announced_like_SIGHUP()
    {
        IWardenControl? seen = null;
        var run = Run(configure: services => services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp =>
        {
            seen = sp.GetRequiredService<IWardenControl>();
            return new NoopHostedService();
        }));
        await _systemd.ReceiveAsync();

        var result = await seen!.ReloadAsync();

        result.Kind.Should().Be(ControlOutcome.Ok);
        (await _systemd.ReceiveAsync()).Should().StartWith("RELOADING=1\nMONOTONIC_USEC=");
        (await _systemd.ReceiveAsync()).Should().Be("READY=1\nSTATUS=0 running, 0 backoff, 0 fatal");
        await Stop(run);
    }

    [Fact]
    public async Task A_rejected_reload_still_ends_with_READY_and_leaves_the_error_to_the_decision_log()
    {
        _runtime.FakeControl.ReloadResult = ControlResult.Invalid("warden.conf:3:7: expected duration, found \"soon\"");
        var run = Run();
        await _systemd.ReceiveAsync();

        _platform.Raise(PosixSignal.SIGHUP);

        (await _systemd.ReceiveAsync()).Should().StartWith("RELOADING=1");
        (await _systemd.ReceiveAsync()).Should().StartWith("READY=1");
        // The decision log writes "reload refused, nothing changed: …" (Error) from the reload-failed event; this line is for --verbose.
        await Eventually.True(() => _log.Lines.Any(l => l.StartsWith("Debug: Reload Invalid: warden.conf:3:7", StringComparison.Ordinal)), "reload error logged at Debug, got: " + string.Join(" | ", _log.Lines));
        await Stop(run);
    }

    [Fact]
    public async Task A_runtime_that_never_becomes_ready_never_sends_READY()
    {
        _runtime.ReadyOnStart = false;
        var run = Run();
        await Eventually.Within(_runtime.StartCalled.Task, "runtime start");

        _platform.Raise(PosixSignal.SIGTERM);

        (await _systemd.ReceiveAsync()).Should().Be("STOPPING=1\nSTATUS=Stopping");
        (await Eventually.Within(run, "host exit")).Should().Be(0);
        _systemd.IsQuiet(TimeSpan.FromMilliseconds(100)).Should().BeTrue();
    }

    public void Dispose() => _systemd.Dispose();

    private static long MonotonicMicroseconds() => (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency);

    private Task<int> Run(Action<IServiceCollection>? configure = null) =>
        new WardenHost(_platform).RunAsync(
            _ => _runtime,
            new WardenHostOptions { Logger = _log.Logger, ShutdownTimeout = TimeSpan.FromSeconds(7), ConfigureServices = configure });

    private async Task Stop(Task<int> run)
    {
        _platform.Raise(PosixSignal.SIGTERM);
        (await Eventually.Within(run, "host exit")).Should().Be(0);
    }

    private sealed class NoopHostedService : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
