using System.Runtime.InteropServices;
using ActorWarden.Contracts.Control;
using ActorWarden.Host.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Tests.Console;

/// <summary>The foreground host: signals stop, force and reload; the exit code tells how it ended.</summary>
public sealed class ConsoleHostTests
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(12);
    private readonly FakeHostPlatform _platform = new();
    private readonly FakeWardenRuntime _runtime = new();
    private readonly TestLog _log = new();

    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGQUIT)]
    public async Task A_stop_signal_stops_the_runtime_gracefully_with_the_shutdown_timeout_and_exits_0(PosixSignal signal)
    {
        var run = Run();
        await Started();

        _platform.Raise(signal).Should().BeTrue("the host handles the signal instead of letting the runtime kill the process");

        (await Eventually.Within(run, "host exit")).Should().Be(0);
        _runtime.StopCalls.Should().Equal(ShutdownTimeout);
    }

    [Fact]
    public async Task A_second_ctrl_c_forces_an_immediate_kill_and_exit_code_130()
    {
        var forced = new TaskCompletionSource();
        _runtime.OnStop = timeout => timeout == TimeSpan.Zero ? Task.CompletedTask : forced.Task;
        var run = Run();
        await Started();

        _platform.Raise(PosixSignal.SIGINT);
        await Eventually.Within(_runtime.StopCalled.Task, "graceful stop");
        run.IsCompleted.Should().BeFalse("the graceful stop is still running");
        _platform.Raise(PosixSignal.SIGINT);

        (await Eventually.Within(run, "host exit")).Should().Be(130);
        _runtime.StopCalls.Should().Equal(ShutdownTimeout, TimeSpan.Zero);
        forced.SetResult();
    }

    [Fact]
    public async Task The_root_policy_giving_up_stops_the_host_with_the_runtime_exit_code()
    {
        var run = Run();
        await Started();

        _runtime.GiveUp(3);

        (await Eventually.Within(run, "host exit")).Should().Be(3);
        _runtime.StopCalls.Should().BeEmpty("a runtime that already ended is not stopped again");
        _log.Lines.Should().Contain(l => l.Contains("ended on its own (exit code 3)"));
    }

    [Fact]
    public async Task SIGHUP_reloads_once_and_leaves_the_result_to_the_decision_log()
    {
        var run = Run();
        await Started();

        _platform.Raise(PosixSignal.SIGHUP).Should().BeTrue();

        // The decision log writes "reloaded: FILE (…)" from the reload's event; the handler's own line is for --verbose.
        await Eventually.True(() => _log.Lines.Any(l => l == "Debug: Reload Ok: reloaded (affected: web)"), "reload result logged at Debug");
        _runtime.FakeControl.Reloads.Should().Be(1);
        await Stop(run);
    }

    [Fact]
    public async Task SIGHUP_is_not_claimed_on_Windows_where_it_means_the_console_closed()
    {
        var platform = new FakeHostPlatform { IsWindows = true };
        var run = new WardenHost(platform).RunAsync(_ => _runtime, new WardenHostOptions { Logger = _log.Logger });
        await Eventually.True(() => platform.RegisteredSignals.Count == 3, "signal registration");

        platform.RegisteredSignals.Should().BeEquivalentTo(new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT });
        platform.Raise(PosixSignal.SIGINT);
        (await Eventually.Within(run, "host exit")).Should().Be(0);
    }

    [Fact]
    public async Task A_runtime_that_fails_to_start_exits_1_naming_the_reason_and_is_stopped()
    {
        _runtime.StartFailure = new InvalidOperationException("service 'db' depends on unknown service 'cache'");

        var exitCode = await Eventually.Within(Run(), "host exit");

        exitCode.Should().Be(1);
        _log.Lines.Should().Contain("Fatal: The warden could not start: service 'db' depends on unknown service 'cache'");
        _runtime.StopCalls.Should().Equal(ShutdownTimeout);
    }

    [Fact]
    public async Task A_runtime_factory_that_throws_exits_1_naming_the_reason()
    {
        var exitCode = await new WardenHost(_platform).RunAsync(
            _ => throw new InvalidOperationException("warden.conf:4:2: expected '=', found '}'"),
            new WardenHostOptions { Logger = _log.Logger });

        exitCode.Should().Be(1);
        _log.Lines.Should().Contain("Fatal: The warden could not start: warden.conf:4:2: expected '=', found '}'");
    }

    [Fact]
    public async Task A_caller_service_that_cannot_start_fails_the_start_before_the_runtime_spawns_anything_with_one_line()
    {
        var exitCode = await new WardenHost(_platform).RunAsync(
            _ => _runtime,
            new WardenHostOptions
            {
                Logger = _log.Logger,
                ShutdownTimeout = ShutdownTimeout,
                ConfigureServices = services => services.AddHostedService<PortInUseService>(),
            });

        exitCode.Should().Be(1);
        _runtime.StartCalled.Task.IsCompleted.Should().BeFalse("nothing is spawned before the control plane has its port");
        _runtime.StopCalls.Should().BeEmpty("a runtime that never started has nothing to stop");
        _log.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Fatal", StringComparison.Ordinal))
            .Should().Equal("Fatal: The warden could not start: port 9137 on 127.0.0.1 is in use — is another warden running on this config?");
        _log.Exceptions.Should().BeEmpty("a start failure is one line, not a stack trace");
    }

    [Fact]
    public async Task The_service_flag_off_Windows_is_a_usage_error()
    {
        var exitCode = await new WardenHost(_platform).RunAsync(_ => _runtime, new WardenHostOptions { Logger = _log.Logger, RunAsWindowsService = true });

        exitCode.Should().Be(2);
        _log.Lines.Should().Contain(l => l.StartsWith("Error: --service", StringComparison.Ordinal));
        _runtime.StartCalled.Task.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task Caller_hosted_services_run_beside_the_runtime_and_see_the_control_seam()
    {
        var probe = new ProbeRecord();
        var run = new WardenHost(_platform).RunAsync(
            context =>
            {
                context.Kind.Should().Be(HostKind.Console);
                return _runtime;
            },
            new WardenHostOptions
            {
                Logger = _log.Logger,
                ConfigureServices = services => services.AddSingleton(probe).AddHostedService<ProbeService>(),
            });
        await Eventually.Within(probe.Started.Task, "caller's hosted service start");

        probe.Control.Should().NotBeNull();
        (await probe.Control!.GetStatusAsync()).ConfigFile.Should().Be("/etc/warden.conf");
        await Stop(run);
        probe.Stopped.Should().BeTrue();
    }

    [Fact]
    public async Task Cancelling_the_callers_token_stops_the_host()
    {
        using var cancellation = new CancellationTokenSource();
        var run = new WardenHost(_platform).RunAsync(_ => _runtime, new WardenHostOptions { Logger = _log.Logger, ShutdownTimeout = ShutdownTimeout }, cancellation.Token);
        await Started();

        await cancellation.CancelAsync();

        (await Eventually.Within(run, "host exit")).Should().Be(0);
        _runtime.StopCalls.Should().Equal(ShutdownTimeout);
    }

    private Task<int> Run() =>
        new WardenHost(_platform).RunAsync(_ => _runtime, new WardenHostOptions { Logger = _log.Logger, ShutdownTimeout = ShutdownTimeout });

    private async Task Started()
    {
        await Eventually.Within(_runtime.StartCalled.Task, "runtime start");
        await Eventually.True(() => _platform.RegisteredSignals.Count == 4, "signal registration");
    }

    private async Task Stop(Task<int> run)
    {
        _platform.Raise(PosixSignal.SIGTERM);
        (await Eventually.Within(run, "host exit")).Should().Be(0);
    }

    /// <summary>Fails its start the way the control plane does when its port is taken.</summary>
    private sealed class PortInUseService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            Task.FromException(new InvalidOperationException(
                "port 9137 on 127.0.0.1 is in use — is another warden running on this config?",
                new IOException("Failed to bind to address http://127.0.0.1:9137: address already in use.", new IOException("Address already in use"))));

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ProbeRecord
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IWardenControl? Control { get; set; }

        public bool Stopped { get; set; }
    }

    private sealed class ProbeService : IHostedService
    {
        private readonly ProbeRecord _record;

        public ProbeService(ProbeRecord record, IWardenControl control)
        {
            _record = record;
            _record.Control = control;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _record.Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _record.Stopped = true;
            return Task.CompletedTask;
        }
    }
}
