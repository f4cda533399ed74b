namespace ActorWarden.Host.Install;

/// <summary>
/// Writes and removes the warden's unit file. It never touches a unit it did not write (marker
/// line), and leaves daemon-reload/enable to the operator, printing the exact commands.
/// </summary>
public sealed class SystemdServiceInstaller
{
    public const string DefaultUnitDirectory = "/etc/systemd/system";

    private readonly string _unitDirectory;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public SystemdServiceInstaller(string unitDirectory, TextWriter output, TextWriter error)
    {
        _unitDirectory = unitDirectory;
        _output = output;
        _error = error;
    }

    public string UnitPath(ServiceInstallRequest request) => Path.Combine(_unitDirectory, UnitName(request));

    public int Install(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var unitPath = UnitPath(request);
        var unit = SystemdUnitFile.Render(request);
        if (request.DryRun)
        {
            if (WardenExecutable.BuildOutputIn(request.WardenCommand) is { } buildOutput)
            {
                _error.WriteLine($"service install: warning: ExecStart points into a build output folder ({buildOutput}); a real install refuses that, pass --exec PATH");
            }

            _output.Write($"# --dry-run: would write {unitPath}\n{unit}");
            return InstallExitCodes.Ok;
        }

        try
        {
            var existed = File.Exists(unitPath);
            if (existed && !SystemdUnitFile.IsOurs(File.ReadAllText(unitPath)))
            {
                _error.WriteLine($"service install: {unitPath} exists and was not written by warden (no marker line); refusing to overwrite it");
                return InstallExitCodes.Failed;
            }

            Directory.CreateDirectory(_unitDirectory);
            var temporary = unitPath + ".tmp";
            File.WriteAllText(temporary, unit);
            File.Move(temporary, unitPath, overwrite: true);
            _output.Write(
                $"{(existed ? "Updated" : "Wrote")} {unitPath} (Type=notify, WatchdogSec={SystemdUnitFile.WatchdogSeconds}, Restart=on-failure)\n" +
                $"Enable and start it with:\n  systemctl daemon-reload && systemctl enable --now {UnitName(request)}\n");
            return InstallExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _error.WriteLine($"service install: cannot write {unitPath}: {ex.Message} (run as root, or use --dry-run to print the unit)");
            return InstallExitCodes.Failed;
        }
    }

    public int Uninstall(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var unitPath = UnitPath(request);
        try
        {
            if (!File.Exists(unitPath))
            {
                _error.WriteLine($"service uninstall: no unit file at {unitPath}");
                return InstallExitCodes.Failed;
            }

            if (!SystemdUnitFile.IsOurs(File.ReadAllText(unitPath)))
            {
                _error.WriteLine($"service uninstall: {unitPath} was not written by warden (no marker line); refusing to remove it");
                return InstallExitCodes.Failed;
            }

            var wants = Path.Combine(_unitDirectory, "multi-user.target.wants", UnitName(request));
            if (request.DryRun)
            {
                _output.Write($"# --dry-run: would remove {unitPath}\n");
                return InstallExitCodes.Ok;
            }

            if (new FileInfo(wants).LinkTarget is not null)
            {
                File.Delete(wants);
                _output.Write($"Removed {wants}\n");
            }

            File.Delete(unitPath);
            _output.Write($"Removed {unitPath}\nStop it if it is still running, then reload systemd:\n  systemctl stop {UnitName(request)}; systemctl daemon-reload\n");
            return InstallExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _error.WriteLine($"service uninstall: cannot remove {unitPath}: {ex.Message} (run as root)");
            return InstallExitCodes.Failed;
        }
    }

    private static string UnitName(ServiceInstallRequest request) => request.ServiceName + ".service";
}
