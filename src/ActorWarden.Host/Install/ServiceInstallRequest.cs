using System.Text.RegularExpressions;

namespace ActorWarden.Host.Install;

/// <summary>
/// Everything `warden service install|uninstall` needs, with paths already absolute: a service
/// manager starts the warden from another working directory, so a relative path would break at boot.
/// </summary>
/// <param name="ServiceName">Unit / service name (letters, digits, <c>_ . @ -</c>; starts with a letter or digit).</param>
/// <param name="ConfigFile">Absolute path of the config the service runs.</param>
/// <param name="WardenCommand">Absolute command that starts warden: the executable, or <c>dotnet</c> followed by <c>warden.dll</c>.</param>
/// <param name="ShutdownTimeout">The warden's global shutdown timeout; the service manager waits this plus a margin before killing.</param>
/// <param name="Target">Service manager to install for.</param>
/// <param name="DryRun">Print what would be done, change nothing.</param>
public sealed partial record ServiceInstallRequest(
    string ServiceName,
    string ConfigFile,
    IReadOnlyList<string> WardenCommand,
    TimeSpan ShutdownTimeout,
    ServiceInstallTarget Target,
    bool DryRun)
{
    public const string DefaultServiceName = "warden";

    /// <summary>Builds a request for this machine: resolves the config against the current directory and finds the running warden.</summary>
    /// <remarks>Uninstall needs only the name, so <paramref name="configFile"/> may be null there.</remarks>
    public static ServiceInstallRequest ForCurrentProcess(string? serviceName, string? configFile, TimeSpan shutdownTimeout, bool dryRun, ServiceInstallTarget? target = null) =>
        new(
            serviceName ?? DefaultServiceName,
            string.IsNullOrEmpty(configFile) ? string.Empty : Path.GetFullPath(configFile),
            WardenExecutable.Current(),
            shutdownTimeout,
            target ?? (OperatingSystem.IsWindows() ? ServiceInstallTarget.WindowsService : ServiceInstallTarget.Systemd),
            dryRun);

    /// <summary>Null when the request can be acted on, else one line naming what is wrong. Uninstall checks the name only.</summary>
    public string? Validate(bool forUninstall = false)
    {
        if (!NamePattern().IsMatch(ServiceName))
        {
            return $"service name '{ServiceName}' is invalid: use 1-128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit";
        }

        if (forUninstall)
        {
            return null;
        }

        if (!IsAbsolute(ConfigFile))
        {
            return $"config path '{ConfigFile}' must be absolute for a {TargetName}";
        }

        if (WardenCommand.Count == 0 || WardenCommand.Any(part => !IsAbsolute(part)))
        {
            return $"warden command '{string.Join(' ', WardenCommand)}' must consist of absolute paths";
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            return $"shutdown timeout {ShutdownTimeout} must not be negative";
        }

        return null;
    }

    internal string TargetName => Target == ServiceInstallTarget.Systemd ? "systemd unit" : "Windows service";

    /// <remarks>A dry run for Windows rendered on another OS keeps that OS's absolute paths: it is a preview, not a registration.</remarks>
    private bool IsAbsolute(string path) => Target == ServiceInstallTarget.Systemd
        ? path.StartsWith('/')
        : WindowsAbsolutePattern().IsMatch(path) || (DryRun && !OperatingSystem.IsWindows() && Path.IsPathFullyQualified(path));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^([A-Za-z]:\\|\\\\[^\\]+\\)")]
    private static partial Regex WindowsAbsolutePattern();
}
