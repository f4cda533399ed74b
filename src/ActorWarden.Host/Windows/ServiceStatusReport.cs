namespace ActorWarden.Host.Windows;

/// <summary>Win32 <c>SERVICE_STATUS.dwCurrentState</c> values.</summary>
public enum ServiceState : uint
{
    Stopped = 1,
    StartPending = 2,
    StopPending = 3,
    Running = 4,
}

/// <summary>Win32 <c>SERVICE_ACCEPT_*</c> flags: which controls the SCM may send us in the current state.</summary>
[Flags]
public enum ServiceAccepts : uint
{
    None = 0,
    Stop = 0x1,
    Shutdown = 0x4,
    PreShutdown = 0x100,
}

/// <summary>Win32 <c>SERVICE_CONTROL_*</c> codes the handler can receive.</summary>
public enum ServiceControl : uint
{
    Stop = 0x1,
    Interrogate = 0x4,
    Shutdown = 0x5,
    PreShutdown = 0xF,
}

/// <summary>
/// One SetServiceStatus call, as a value so that the status sequence a service reports can be
/// compared exactly in tests. <see cref="Win32ExitCode"/> is 1066 (ERROR_SERVICE_SPECIFIC_ERROR) when
/// <see cref="ServiceSpecificExitCode"/> carries the runtime's exit code, which fires SCM recovery actions.
/// </summary>
public readonly record struct ServiceStatusReport(
    ServiceState State,
    ServiceAccepts ControlsAccepted,
    uint Win32ExitCode,
    uint ServiceSpecificExitCode,
    uint CheckPoint,
    uint WaitHintMilliseconds)
{
    public override string ToString() =>
        $"{State} accepts={ControlsAccepted} win32={Win32ExitCode} specific={ServiceSpecificExitCode} checkpoint={CheckPoint} hint={WaitHintMilliseconds}ms";
}
