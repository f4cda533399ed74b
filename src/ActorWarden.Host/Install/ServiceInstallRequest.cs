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

    /// <summary>
    /// The systemd unit's <c>User=</c>. Root by default, written out so nobody has to know systemd's
    /// default: like supervisord, the warden drops to each service's own <c>user</c>, which needs root.
    /// A warden whose services all run as one account can run as that account instead.
    /// </summary>
    public string User { get; init; } = "root";

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

        if (!DryRun && WardenExecutable.BuildOutputIn(WardenCommand) is { } buildOutput)
        {
            return $"warden command '{buildOutput}' is inside a build output folder, which the next build or clean replaces; install warden at a fixed path (e.g. /usr/local/bin/warden) and pass --exec PATH, or run `service install` from the installed binary";
        }

        if (Target == ServiceInstallTarget.Systemd && !UserPattern().IsMatch(User))
        {
            return $"user '{User}' is not a valid user name or uid";
        }

        if (Target == ServiceInstallTarget.WindowsService && User != "root")
        {
            return "--user applies to systemd units; a Windows service runs as LocalSystem (change it with `sc.exe config NAME obj=`)";
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

    [GeneratedRegex(@"^([a-z_][a-z0-9_-]{0,31}|[0-9]{1,10})$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^([A-Za-z]:\\|\\\\[^\\]+\\)")]
    private static partial Regex WindowsAbsolutePattern();
}
