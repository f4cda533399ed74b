using ActorWarden.Host.Tests.Fakes;
using ActorWarden.Host.Windows;

namespace ActorWarden.Host.Tests.Windows;

/// <summary>The exact SetServiceStatus sequences the SCM sees, on a manual clock.</summary>
public sealed class ServiceStatusMachineTests : IDisposable
{
    private const ServiceAccepts RunningAccepts = ServiceAccepts.Stop | ServiceAccepts.Shutdown | ServiceAccepts.PreShutdown;
    private static readonly ScmTimings Timings = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
    private readonly FakeScm _scm = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ServiceStatusMachine _machine;
    private int _stopRequests;

    public ServiceStatusMachineTests() =>
        _machine = new ServiceStatusMachine(_scm, "warden", Timings, _time, () => Interlocked.Increment(ref _stopRequests));

    [Fact]
    public void Start_reports_start_pending_with_advancing_checkpoints_then_running()
    {
        _machine.Begin();
        _time.Advance(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));
        _machine.ReportRunning();
        _time.Advance(TimeSpan.FromSeconds(10));

        _scm.RegisteredName.Should().Be("warden");
        _scm.Reports.Should().Equal(
            Pending(ServiceState.StartPending, 1),
            Pending(ServiceState.StartPending, 2),
            Pending(ServiceState.StartPending, 3),
            Running());
    }

    [Theory]
    [InlineData(ServiceControl.Stop)]
    [InlineData(ServiceControl.Shutdown)]
    [InlineData(ServiceControl.PreShutdown)]
    public void Stop_shutdown_and_preshutdown_each_request_one_graceful_stop(ServiceControl control)
    {
        StartRunning();

        _scm.Send(control).Should().Be(0);
        _scm.Send(control).Should().Be(0);
        _machine.ReportStopped(0);

        _stopRequests.Should().Be(1);
        _scm.Reports.Should().Equal(
            Pending(ServiceState.StartPending, 1),
            Running(),
            Pending(ServiceState.StopPending, 1),
            Stopped(0, 0));
    }

    [Fact]
    public void A_slow_stop_keeps_advancing_the_checkpoint_within_the_wait_hint()
    {
        StartRunning();
        _scm.Send(ServiceControl.Stop);

        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        _machine.ReportStopped(0);
        _time.Advance(TimeSpan.FromSeconds(10));

        _scm.Reports.Should().Equal(
            Pending(ServiceState.StartPending, 1),
            Running(),
            Pending(ServiceState.StopPending, 1),
            Pending(ServiceState.StopPending, 2),
            Pending(ServiceState.StopPending, 3),
            Pending(ServiceState.StopPending, 4),
            Pending(ServiceState.StopPending, 5),
            Stopped(0, 0));
        _scm.Reports.Where(r => r.State == ServiceState.StopPending).Should().OnlyContain(r => r.WaitHintMilliseconds == 10_000);
    }

    [Fact]
    public void A_start_failure_goes_from_start_pending_through_stop_pending_to_a_service_specific_error()
    {
        _machine.Begin();
        _machine.ReportStopping();
        _machine.ReportStopped(1);

        _scm.Reports.Should().Equal(
            Pending(ServiceState.StartPending, 1),
            Pending(ServiceState.StopPending, 1),
            Stopped(ServiceStatusMachine.ErrorServiceSpecificError, 1));
    }

    [Fact]
    public void A_nonzero_exit_is_reported_as_ERROR_SERVICE_SPECIFIC_ERROR_so_recovery_actions_fire()
    {
        StartRunning();
        _machine.ReportStopping();
        _machine.ReportStopped(3);

        _scm.Reports[^1].Should().Be(Stopped(1066, 3));
        _stopRequests.Should().Be(0, "the runtime ended by itself; nobody asked the SCM's way");
    }

    [Fact]
    public void Interrogate_is_answered_and_unknown_controls_are_refused()
    {
        StartRunning();

        _scm.Send(ServiceControl.Interrogate).Should().Be(0);
        _scm.Send((ServiceControl)0x2).Should().Be(120, "PAUSE is not accepted: ERROR_CALL_NOT_IMPLEMENTED");
        _scm.Reports.Should().HaveCount(2);
    }

    [Fact]
    public void Nothing_is_reported_after_stopped()
    {
        StartRunning();
        _machine.ReportStopped(0);

        _machine.ReportRunning();
        _machine.ReportStopping();
        _machine.ReportStopped(5);

        _scm.Reports.Should().HaveCount(3);
    }

    public void Dispose() => _machine.Dispose();

    private static ServiceStatusReport Pending(ServiceState state, uint checkpoint) => new(state, ServiceAccepts.None, 0, 0, checkpoint, 10_000);

    private static ServiceStatusReport Running() => new(ServiceState.Running, RunningAccepts, 0, 0, 0, 0);

    private static ServiceStatusReport Stopped(uint win32, uint specific) => new(ServiceState.Stopped, ServiceAccepts.None, win32, specific, 0, 0);

    private void StartRunning()
    {
        _machine.Begin();
        _machine.ReportRunning();
    }
}
