using ActorWarden.Host.Tests.Fakes;
using ActorWarden.Host.Windows;

namespace ActorWarden.Host.Tests.Windows;

/// <summary>The whole host under a fake SCM: what `warden run --service` reports from start to exit.</summary>
public sealed class WindowsServiceHostTests
{
    private const ServiceAccepts RunningAccepts = ServiceAccepts.Stop | ServiceAccepts.Shutdown | ServiceAccepts.PreShutdown;
    private static readonly ScmTimings NoCheckpointsDuringTest = new(TimeSpan.FromHours(1), TimeSpan.FromSeconds(10));
    private readonly FakeHostPlatform _platform = new() { IsWindows = true };
    private readonly FakeWardenRuntime _runtime = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Start_then_SCM_stop_reports_the_exact_sequence_and_exits_0()
    {
        var scm = new FakeScm();
        _runtime.ReadyOnStart = false;
        var run = Run(scm);
        await Eventually.Within(_runtime.StartCalled.Task, "runtime start");
        scm.States.Should().Equal(ServiceState.StartPending);

        _runtime.Ready.SetResult();
        await scm.WaitForState(ServiceState.Running);
        scm.Send(ServiceControl.Stop).Should().Be(0);

        (await Eventually.Within(run, "host exit")).Should().Be(0);
        scm.Reports.Should().Equal(
            new ServiceStatusReport(ServiceState.StartPending, ServiceAccepts.None, 0, 0, 1, 10_000),
            new ServiceStatusReport(ServiceState.Running, RunningAccepts, 0, 0, 0, 0),
            new ServiceStatusReport(ServiceState.StopPending, ServiceAccepts.None, 0, 0, 1, 10_000),
            new ServiceStatusReport(ServiceState.Stopped, ServiceAccepts.None, 0, 0, 0, 0));
        _runtime.StopCalls.Should().Equal(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Preshutdown_stops_the_runtime_like_stop()
    {
        var scm = new FakeScm();
        var run = Run(scm);
        await scm.WaitForState(ServiceState.Running);

        scm.Send(ServiceControl.PreShutdown);

        (await Eventually.Within(run, "host exit")).Should().Be(0);
        scm.States.Should().Equal(ServiceState.StartPending, ServiceState.Running, ServiceState.StopPending, ServiceState.Stopped);
    }

    [Fact]
    public async Task The_root_policy_giving_up_reports_a_service_specific_exit_code()
    {
        var scm = new FakeScm();
        var run = Run(scm);
        await scm.WaitForState(ServiceState.Running);

        _runtime.GiveUp(3);

        (await Eventually.Within(run, "host exit")).Should().Be(3);
        scm.States.Should().Equal(ServiceState.StartPending, ServiceState.Running, ServiceState.StopPending, ServiceState.Stopped);
        scm.Reports[^1].Win32ExitCode.Should().Be(1066);
        scm.Reports[^1].ServiceSpecificExitCode.Should().Be(3);
    }

    [Fact]
    public async Task A_start_failure_is_reported_to_the_SCM_as_stopped_with_exit_code_1()
    {
        var scm = new FakeScm();
        _runtime.StartFailure = new InvalidOperationException("cannot bind 127.0.0.1:9001");

        (await Eventually.Within(Run(scm), "host exit")).Should().Be(1);

        scm.Reports.Should().Equal(
            new ServiceStatusReport(ServiceState.StartPending, ServiceAccepts.None, 0, 0, 1, 10_000),
            new ServiceStatusReport(ServiceState.StopPending, ServiceAccepts.None, 0, 0, 1, 10_000),
            new ServiceStatusReport(ServiceState.Stopped, ServiceAccepts.None, 1066, 1, 0, 0));
    }

    [Fact]
    public async Task A_runtime_factory_failure_happens_after_the_SCM_connection_so_it_is_reported_too()
    {
        var scm = new FakeScm();

        var exitCode = await Eventually.Within(
            new WardenHost(_platform, () => scm, NoCheckpointsDuringTest).RunAsync(
                _ => throw new InvalidOperationException("warden.conf:1:1: expected '{', found EOF"),
                Options()),
            "host exit");

        exitCode.Should().Be(1);
        scm.States.Should().Equal(ServiceState.StartPending, ServiceState.StopPending, ServiceState.Stopped);
        _log.Lines.Should().Contain("Fatal: The warden could not start: warden.conf:1:1: expected '{', found EOF");
    }

    [Fact]
    public async Task Not_started_by_the_SCM_fails_with_a_clear_message_instead_of_hanging()
    {
        var scm = new FakeScm { DispatcherError = 1063 };

        (await Eventually.Within(Run(scm), "host exit")).Should().Be(1);

        scm.Reports.Should().BeEmpty();
        _runtime.StartCalled.Task.IsCompleted.Should().BeFalse();
        _log.Lines.Should().Contain(l => l.Contains("Win32 error 1063") && l.Contains("works only when the SCM starts the process"));
    }

    [Fact]
    public async Task Detection_picks_the_SCM_when_services_exe_started_us_even_without_the_flag()
    {
        var platform = new FakeHostPlatform { IsWindows = true, StartedByScm = true };
        var scm = new FakeScm();
        var run = new WardenHost(platform, () => scm, NoCheckpointsDuringTest).RunAsync(
            context =>
            {
                context.Kind.Should().Be(HostKind.WindowsService);
                return _runtime;
            },
            new WardenHostOptions { Logger = _log.Logger });
        await scm.WaitForState(ServiceState.Running);

        scm.Send(ServiceControl.Shutdown);

        (await Eventually.Within(run, "host exit")).Should().Be(0);
    }

    private WardenHostOptions Options() => new()
    {
        Logger = _log.Logger,
        RunAsWindowsService = true,
        ServiceName = "warden-test",
        ShutdownTimeout = TimeSpan.FromSeconds(20),
    };

    private Task<int> Run(FakeScm scm) =>
        new WardenHost(_platform, () => scm, NoCheckpointsDuringTest).RunAsync(_ => _runtime, Options());
}
