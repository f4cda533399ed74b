using ActorWarden.Host.Logging.EventLog;

namespace ActorWarden.Host.Install;

/// <summary>
/// `warden service install|uninstall`: validates the request once, then hands it to the installer for
/// its target (a systemd unit on Linux, an SCM registration on Windows).
/// </summary>
public sealed class ServiceInstaller
{
    private readonly SystemdServiceInstaller _systemd;
    private readonly WindowsServiceInstaller _windows;
    private readonly TextWriter _error;
    private readonly Func<string, bool> _configExists;

    /// <param name="output">Where progress and dry-run text go.</param>
    /// <param name="error">Where the one-line failure goes.</param>
    /// <param name="windowsManager">The SCM, or null where there is none.</param>
    /// <param name="unitDirectory">Where systemd units live.</param>
    /// <param name="time">Clock for waiting on a stopping service.</param>
    /// <param name="configExists">Checks the config file exists; tests of Windows paths on Linux substitute it.</param>
    /// <param name="eventSources">Application-log event sources (Windows), or null where there are none.</param>
    public ServiceInstaller(
        TextWriter output,
        TextWriter error,
        IWindowsServiceManager? windowsManager,
        string unitDirectory = SystemdServiceInstaller.DefaultUnitDirectory,
        TimeProvider? time = null,
        Func<string, bool>? configExists = null,
        IEventSources? eventSources = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _error = error ?? throw new ArgumentNullException(nameof(error));
        _configExists = configExists ?? File.Exists;
        _systemd = new SystemdServiceInstaller(unitDirectory, output, error);
        _windows = new WindowsServiceInstaller(windowsManager, time ?? TimeProvider.System, output, error, eventSources);
    }

    /// <summary>The installer for this machine: the real SCM on Windows, /etc/systemd/system elsewhere.</summary>
    public static ServiceInstaller ForCurrentOs(TextWriter output, TextWriter error) =>
        OperatingSystem.IsWindows()
            ? new(output, error, new AdvApi32ServiceManager(), eventSources: new SystemEventSources())
            : new(output, error, null);

    public Task<int> InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Invalid(request, "install", forUninstall: false) is { } code)
        {
            return Task.FromResult(code);
        }

        if (!request.DryRun && !_configExists(request.ConfigFile))
        {
            _error.WriteLine($"service install: config file {request.ConfigFile} does not exist");
            return Task.FromResult(InstallExitCodes.Invalid);
        }

        return Task.FromResult(request.Target == ServiceInstallTarget.Systemd ? _systemd.Install(request) : _windows.Install(request));
    }

    public Task<int> UninstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Invalid(request, "uninstall", forUninstall: true) is { } code)
        {
            return Task.FromResult(code);
        }

        return request.Target == ServiceInstallTarget.Systemd
            ? Task.FromResult(_systemd.Uninstall(request))
            : _windows.UninstallAsync(request, cancellationToken);
    }

    private int? Invalid(ServiceInstallRequest request, string verb, bool forUninstall)
    {
        if (request.Validate(forUninstall) is { } problem)
        {
            _error.WriteLine($"service {verb}: {problem}");
            return InstallExitCodes.Invalid;
        }

        return null;
    }
}
