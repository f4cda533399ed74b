using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ActorWarden.Host.Windows.Native;

namespace ActorWarden.Host.Windows;

/// <summary>
/// The real SCM. Keeps the ServiceMain and handler delegates alive for the life of the dispatcher,
/// because the SCM calls them through raw function pointers on its own threads.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed unsafe class AdvApi32ScmApi : IScmApi
{
    private ServiceMainCallback? _serviceMain;
    private HandlerCallback? _handler;

    private delegate void ServiceMainCallback(int argc, char** argv);

    private delegate int HandlerCallback(uint control, uint eventType, nint eventData, nint context);

    public int RunDispatcher(string serviceName, Action<string[]> serviceMain)
    {
        ArgumentNullException.ThrowIfNull(serviceMain);
        _serviceMain = (argc, argv) =>
        {
            var args = new string[argc];
            for (var i = 0; i < argc; i++)
            {
                args[i] = new string(argv[i]);
            }

            serviceMain(args);
        };

        fixed (char* name = serviceName)
        {
            var table = stackalloc ServiceNative.ServiceTableEntry[2];
            table[0] = new ServiceNative.ServiceTableEntry { ServiceName = name, ServiceProc = Marshal.GetFunctionPointerForDelegate(_serviceMain) };
            table[1] = default;
            return ServiceNative.StartServiceCtrlDispatcherW(table) ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    public IScmStatusHandle RegisterControlHandler(string serviceName, Func<ServiceControl, int> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = (control, _, _, _) => handler((ServiceControl)control);
        var handle = ServiceNative.RegisterServiceCtrlHandlerExW(serviceName, Marshal.GetFunctionPointerForDelegate(_handler), 0);
        if (handle == 0)
        {
            throw new InvalidOperationException($"RegisterServiceCtrlHandlerExW('{serviceName}') failed with Win32 error {Marshal.GetLastPInvokeError()}");
        }

        return new StatusHandle(handle);
    }

    private sealed class StatusHandle : IScmStatusHandle
    {
        private readonly nint _handle;

        public StatusHandle(nint handle) => _handle = handle;

        public int SetStatus(ServiceStatusReport status)
        {
            var native = new ServiceNative.ServiceStatus
            {
                ServiceType = ServiceNative.ServiceWin32OwnProcess,
                CurrentState = (uint)status.State,
                ControlsAccepted = (uint)status.ControlsAccepted,
                Win32ExitCode = status.Win32ExitCode,
                ServiceSpecificExitCode = status.ServiceSpecificExitCode,
                CheckPoint = status.CheckPoint,
                WaitHint = status.WaitHintMilliseconds,
            };
            return ServiceNative.SetServiceStatus(_handle, &native) ? 0 : Marshal.GetLastPInvokeError();
        }
    }
}
