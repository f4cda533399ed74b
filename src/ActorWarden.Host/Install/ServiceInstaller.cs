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

    public ServiceInstaller(TextWriter output, TextWriter error, IWindowsServiceManager? windowsManager, string unitDirectory = SystemdServiceInstaller.DefaultUnitDirectory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _error = error ?? throw new ArgumentNullException(nameof(error));
        _systemd = new SystemdServiceInstaller(unitDirectory, output, error);
        _windows = new WindowsServiceInstaller(windowsManager, time ?? TimeProvider.System, output, error);
    }

    /// <summary>The installer for this machine: the real SCM on Windows, /etc/systemd/system elsewhere.</summary>
    public static ServiceInstaller ForCurrentOs(TextWriter output, TextWriter error) =>
        new(output, error, OperatingSystem.IsWindows() ? new AdvApi32ServiceManager() : null);

    public Task<int> InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Invalid(request, "install", forUninstall: false) is { } code)
        {
            return Task.FromResult(code);
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
