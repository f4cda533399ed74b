using ActorWarden.Host.Windows;

namespace ActorWarden.Host.Install;

/// <summary>
/// What gets registered with the SCM: an own-process, auto-start service whose recovery actions
/// restart it after 5 s, 10 s and 30 s, also when it stops with a nonzero service-specific code
/// (the failure-actions flag), because that is how the warden reports that its root policy gave up.
/// </summary>
public sealed record WindowsServiceDefinition(
    string Name,
    string DisplayName,
    string Description,
    string BinaryPath,
    IReadOnlyList<TimeSpan> RestartDelays,
    TimeSpan ResetPeriod,
    bool FailureActionsOnNonCrashFailures)
{
    public static WindowsServiceDefinition From(ServiceInstallRequest request) => new(
        request.ServiceName,
        ScCommands.DisplayName(request),
        ScCommands.Description(request),
        ScCommands.BinaryPath(request),
        ScCommands.RestartDelays,
        ScCommands.ResetPeriod,
        FailureActionsOnNonCrashFailures: true);
}

/// <summary>The SCM operations the installer needs, so its logic is tested on any OS against a fake.</summary>
public interface IWindowsServiceManager
{
    bool Exists(string name);

    /// <summary>CreateServiceW, then ChangeServiceConfig2W for description, failure actions and the failure-actions flag.</summary>
    void Create(WindowsServiceDefinition definition);

    ServiceState QueryState(string name);

    /// <summary>Sends SERVICE_CONTROL_STOP; a service that is not running is not an error.</summary>
    void Stop(string name);

    void Delete(string name);
}
