using System.CommandLine;
using ActorWarden.Cli.Output;
using ActorWarden.Host.Install;
using ActorWarden.Config;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// `warden service install|uninstall`: what `nssm install` and a hand-written systemd unit do, so the
/// warden itself is supervised by the OS service manager (systemd Restart=, SCM recovery actions).
/// </summary>
public static class ServiceCommands
{
    public static Command Create()
    {
        var service = new Command("service", "Register the warden with systemd or the Windows service control manager");
        service.Add(Verb("install", "Write a systemd unit (Linux) or register a Windows service; --dry-run prints it", install: true));
        service.Add(Verb("uninstall", "Remove the unit / Windows service written by install", install: false));
        return service;
    }

    private static Command Verb(string name, string description, bool install)
    {
        var config = new Argument<string?>("CONFIG") { Description = "config the service runs (default: $WARDEN_CONFIG or config/warden.conf)", Arity = ArgumentArity.ZeroOrOne };
        var serviceName = new Option<string?>("--name") { Description = "unit / service name (default: warden)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print what would be done (the unit file, or the equivalent sc.exe commands) and change nothing" };
        var windows = new Option<bool>("--windows") { Description = "render for the Windows SCM (sc.exe commands) even on Linux; implies --dry-run off Windows" };
        var exec = new Option<string?>("--exec") { Description = "absolute path of the installed warden the service runs (default: this warden, refused when it is a build output such as bin/Release)" };
        var user = new Option<string?>("--user") { Description = "systemd User= of the unit (default: root, which services with their own `user` need)" };
        var command = new Command(name, description) { config, serviceName, dryRun, windows };
        if (install)
        {
            command.Add(exec);
            command.Add(user);
        }

        command.SetAction(async (parse, ct) =>
        {
            var configPath = CliOptions.ResolveConfig(parse, parse.GetValue(config));
            var shutdown = TimeSpan.FromSeconds(30);
            if (install)
            {
                try
                {
                    shutdown = WardenConfigLoader.Load(configPath).ShutdownTimeout;
                }
                catch (WardenConfigException ex)
                {
                    return Stderr.Fail(ExitCodes.Usage, $"{configPath} is not a valid warden config:{Environment.NewLine}{ex.Message}");
                }
            }

            var toWindows = parse.GetValue(windows);
            ServiceInstallTarget? target = toWindows ? ServiceInstallTarget.WindowsService : null;
            var request = ServiceInstallRequest.ForCurrentProcess(
                parse.GetValue(serviceName),
                install ? configPath : null,
                shutdown,
                parse.GetValue(dryRun) || (toWindows && !OperatingSystem.IsWindows()),
                target);
            if (install && parse.GetValue(exec) is { } executable)
            {
                request = request with { WardenCommand = [Path.GetFullPath(executable)] };
            }

            if (install && parse.GetValue(user) is { } account)
            {
                request = request with { User = account };
            }

            var installer = ServiceInstaller.ForCurrentOs(Console.Out, Console.Error);
            return install ? await installer.InstallAsync(request, ct) : await installer.UninstallAsync(request, ct);
        });
        return command;
    }
}
