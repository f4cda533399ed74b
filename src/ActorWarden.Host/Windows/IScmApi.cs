namespace ActorWarden.Host.Windows;

/// <summary>
/// The three advapi32 calls a service process makes, behind an interface so that the status state
/// machine runs and is tested on any OS against a fake SCM.
/// </summary>
public interface IScmApi
{
    /// <summary>
    /// StartServiceCtrlDispatcherW: connects to the SCM and blocks until the service reports Stopped.
    /// Calls <paramref name="serviceMain"/> on the dispatcher's own thread. Returns the Win32 error, 0 on success
    /// (1063 ERROR_FAILED_SERVICE_CONTROLLER_CONNECT when the process was not started by the SCM).
    /// </summary>
    int RunDispatcher(string serviceName, Action<string[]> serviceMain);

    /// <summary>RegisterServiceCtrlHandlerExW; the handler returns a Win32 error code (0 = handled).</summary>
    IScmStatusHandle RegisterControlHandler(string serviceName, Func<ServiceControl, int> handler);
}

/// <summary>The SERVICE_STATUS_HANDLE a registered service reports through.</summary>
public interface IScmStatusHandle
{
    /// <summary>SetServiceStatus; returns the Win32 error, 0 on success.</summary>
    int SetStatus(ServiceStatusReport status);
}
