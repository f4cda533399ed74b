using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ActorWarden.Host.Windows;
using ActorWarden.Host.Windows.Native;

namespace ActorWarden.Host.Install;

/// <summary>Registers, stops and deletes services through advapi32, the same calls sc.exe makes.</summary>
[SupportedOSPlatform("windows")]
public sealed unsafe class AdvApi32ServiceManager : IWindowsServiceManager
{
    private const int ErrorInvalidLevel = 124;

    public bool Exists(string name)
    {
        using var manager = OpenManager();
        var service = ServiceNative.OpenServiceW(manager.Handle, name, ServiceNative.ServiceAllAccess);
        if (service == 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == ServiceNative.ErrorServiceDoesNotExist ? false : throw Failure("OpenServiceW", name, error);
        }

        ServiceNative.CloseServiceHandle(service);
        return true;
    }

    public void Create(WindowsServiceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var manager = OpenManager();
        var service = ServiceNative.CreateServiceW(
            manager.Handle,
            definition.Name,
            definition.DisplayName,
            ServiceNative.ServiceAllAccess,
            ServiceNative.ServiceWin32OwnProcess,
            ServiceNative.ServiceAutoStart,
            ServiceNative.ServiceErrorNormal,
            definition.BinaryPath,
            null,
            0,
            null,
            null,
            null);
        if (service == 0)
        {
            throw Failure("CreateServiceW", definition.Name, Marshal.GetLastPInvokeError());
        }

        try
        {
            SetDescription(service, definition);
            SetFailureActions(service, definition);
            SetFailureActionsFlag(service, definition);
        }
        catch
        {
            // Leave nothing half-registered: a retry must not fail with "already exists".
            ServiceNative.DeleteService(service);
            throw;
        }
        finally
        {
            ServiceNative.CloseServiceHandle(service);
        }
    }

    /// <summary>
    /// Asks for the recovery actions on a nonzero exit too, not only on crashes. Service managers that
    /// predate the setting (Wine 8 among them) answer ERROR_INVALID_LEVEL; the recovery actions still
    /// apply to crashes there, so that answer is not a reason to fail the install.
    /// </summary>
    private static void SetFailureActionsFlag(nint service, WindowsServiceDefinition definition)
    {
        var flag = new ServiceNative.ServiceFailureActionsFlag { FailureActionsOnNonCrashFailures = definition.FailureActionsOnNonCrashFailures ? 1 : 0 };
        if (!ServiceNative.ChangeServiceConfig2W(service, ServiceNative.ServiceConfigFailureActionsFlag, &flag))
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != ErrorInvalidLevel)
            {
                throw Failure("ChangeServiceConfig2W(FAILURE_ACTIONS_FLAG)", definition.Name, error);
            }
        }
    }

    public ServiceState QueryState(string name)
    {
        using var service = OpenService(name);
        var status = default(ServiceNative.ServiceStatus);
        Check(ServiceNative.QueryServiceStatus(service.Handle, &status), "QueryServiceStatus", name);
        return (ServiceState)status.CurrentState;
    }

    public void Stop(string name)
    {
        using var service = OpenService(name);
        var status = default(ServiceNative.ServiceStatus);
        if (!ServiceNative.ControlService(service.Handle, ServiceNative.ServiceControlStop, &status))
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != ServiceNative.ErrorServiceNotActive)
            {
                throw Failure("ControlService(STOP)", name, error);
            }
        }
    }

    public void Delete(string name)
    {
        using var service = OpenService(name);
        Check(ServiceNative.DeleteService(service.Handle), "DeleteService", name);
    }

    private static void SetDescription(nint service, WindowsServiceDefinition definition)
    {
        fixed (char* text = definition.Description)
        {
            var description = new ServiceNative.ServiceDescription { Description = text };
            Check(ServiceNative.ChangeServiceConfig2W(service, ServiceNative.ServiceConfigDescription, &description), "ChangeServiceConfig2W(DESCRIPTION)", definition.Name);
        }
    }

    private static void SetFailureActions(nint service, WindowsServiceDefinition definition)
    {
        var actions = new ServiceNative.ScAction[definition.RestartDelays.Count];
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = new ServiceNative.ScAction { Type = ServiceNative.ScActionRestart, Delay = (uint)definition.RestartDelays[i].TotalMilliseconds };
        }

        fixed (ServiceNative.ScAction* first = actions)
        {
            var failure = new ServiceNative.ServiceFailureActions
            {
                ResetPeriod = (uint)definition.ResetPeriod.TotalSeconds,
                ActionCount = (uint)actions.Length,
                Actions = first,
            };
            Check(ServiceNative.ChangeServiceConfig2W(service, ServiceNative.ServiceConfigFailureActions, &failure), "ChangeServiceConfig2W(FAILURE_ACTIONS)", definition.Name);
        }
    }

    private static ServiceHandle OpenManager()
    {
        var handle = ServiceNative.OpenSCManagerW(null, null, ServiceNative.ScManagerAllAccess);
        return handle == 0 ? throw Failure("OpenSCManagerW", "(local)", Marshal.GetLastPInvokeError()) : new ServiceHandle(handle);
    }

    private static ServiceHandle OpenService(string name)
    {
        using var manager = OpenManager();
        var handle = ServiceNative.OpenServiceW(manager.Handle, name, ServiceNative.ServiceAllAccess);
        return handle == 0 ? throw Failure("OpenServiceW", name, Marshal.GetLastPInvokeError()) : new ServiceHandle(handle);
    }

    private static void Check(bool ok, string call, string name)
    {
        if (!ok)
        {
            throw Failure(call, name, Marshal.GetLastPInvokeError());
        }
    }

    private static InvalidOperationException Failure(string call, string name, int error) =>
        new($"{call} for service '{name}' failed: {new Win32Exception(error).Message} (Win32 error {error})");

    private readonly struct ServiceHandle : IDisposable
    {
        public ServiceHandle(nint handle) => Handle = handle;

        public nint Handle { get; }

        public void Dispose() => ServiceNative.CloseServiceHandle(Handle);
    }
}
