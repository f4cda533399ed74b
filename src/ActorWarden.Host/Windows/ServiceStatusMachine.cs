namespace ActorWarden.Host.Windows;

/// <summary>
/// What a service tells the SCM, in the order the SCM expects: StartPending (checkpoints advancing)
/// → Running → StopPending (checkpoints advancing while the runtime stops) → Stopped with the exit
/// code. Controls STOP, SHUTDOWN and PRESHUTDOWN all request one graceful stop; repeats are ignored.
/// </summary>
public sealed class ServiceStatusMachine : IDisposable
{
    /// <summary>ERROR_SERVICE_SPECIFIC_ERROR: tells the SCM to read the service-specific code and run recovery actions.</summary>
    public const uint ErrorServiceSpecificError = 1066;

    private const int NoError = 0;
    private const int ErrorCallNotImplemented = 120;
    private const ServiceAccepts RunningAccepts = ServiceAccepts.Stop | ServiceAccepts.Shutdown | ServiceAccepts.PreShutdown;

    private readonly IScmApi _scm;
    private readonly string _serviceName;
    private readonly ScmTimings _timings;
    private readonly TimeProvider _time;
    private readonly Action _stopRequested;
    private readonly object _gate = new();
    private IScmStatusHandle? _handle;
    private ITimer? _checkpointTimer;
    private ServiceStatusReport _current;
    private bool _stopRequestedOnce;

    /// <param name="scm">The SCM to report to.</param>
    /// <param name="serviceName">Name the service is registered under.</param>
    /// <param name="timings">How often checkpoints advance and the wait hint promised with each.</param>
    /// <param name="time">Clock driving the checkpoint timer.</param>
    /// <param name="stopRequested">Invoked once, on the SCM's handler thread, when the SCM asks the service to stop; must not block.</param>
    public ServiceStatusMachine(IScmApi scm, string serviceName, ScmTimings timings, TimeProvider time, Action stopRequested)
    {
        _scm = scm;
        _serviceName = serviceName;
        _timings = timings;
        _time = time;
        _stopRequested = stopRequested;
    }

    public ServiceState? State
    {
        get
        {
            lock (_gate)
            {
                return _handle is null ? null : _current.State;
            }
        }
    }

    /// <summary>Called from ServiceMain: registers the control handler and reports StartPending.</summary>
    public void Begin()
    {
        var handle = _scm.RegisterControlHandler(_serviceName, OnControl);
        lock (_gate)
        {
            _handle = handle;
            EnterPending(ServiceState.StartPending);
        }
    }

    public void ReportRunning()
    {
        lock (_gate)
        {
            if (_handle is null || _current.State != ServiceState.StartPending)
            {
                return;
            }

            StopCheckpointTimer();
            Report(new ServiceStatusReport(ServiceState.Running, RunningAccepts, 0, 0, 0, 0));
        }
    }

    /// <summary>The service is stopping, whoever decided it (SCM control, runtime ending, start failure).</summary>
    public void ReportStopping()
    {
        lock (_gate)
        {
            if (_handle is null || _current.State is ServiceState.StopPending or ServiceState.Stopped)
            {
                return;
            }

            EnterPending(ServiceState.StopPending);
        }
    }

    /// <summary>Final report; a nonzero exit code becomes ERROR_SERVICE_SPECIFIC_ERROR so recovery actions fire.</summary>
    public void ReportStopped(int exitCode)
    {
        lock (_gate)
        {
            if (_handle is null || _current.State == ServiceState.Stopped)
            {
                return;
            }

            StopCheckpointTimer();
            Report(exitCode == 0
                ? new ServiceStatusReport(ServiceState.Stopped, ServiceAccepts.None, 0, 0, 0, 0)
                : new ServiceStatusReport(ServiceState.Stopped, ServiceAccepts.None, ErrorServiceSpecificError, unchecked((uint)exitCode), 0, 0));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            StopCheckpointTimer();
        }
    }

    private int OnControl(ServiceControl control)
    {
        switch (control)
        {
            case ServiceControl.Stop:
            case ServiceControl.Shutdown:
            case ServiceControl.PreShutdown:
                bool first;
                lock (_gate)
                {
                    first = !_stopRequestedOnce;
                    _stopRequestedOnce = true;
                }

                ReportStopping();
                if (first)
                {
                    _stopRequested();
                }

                return NoError;
            case ServiceControl.Interrogate:
                return NoError;
            default:
                return ErrorCallNotImplemented;
        }
    }

    private void EnterPending(ServiceState state)
    {
        StopCheckpointTimer();
        Report(new ServiceStatusReport(state, ServiceAccepts.None, 0, 0, 1, (uint)_timings.WaitHint.TotalMilliseconds));
        _checkpointTimer = _time.CreateTimer(_ => BumpCheckpoint(state), null, _timings.CheckpointInterval, _timings.CheckpointInterval);
    }

    private void BumpCheckpoint(ServiceState pendingState)
    {
        lock (_gate)
        {
            if (_current.State != pendingState || _checkpointTimer is null)
            {
                return;
            }

            Report(_current with { CheckPoint = _current.CheckPoint + 1 });
        }
    }

    private void StopCheckpointTimer()
    {
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
    }

    private void Report(ServiceStatusReport status)
    {
        _current = status;
        _handle!.SetStatus(status);
    }
}
