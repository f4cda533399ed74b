using System.CommandLine;
using ActorWarden.Cli.Output;
using ActorWarden.Config;
using ActorWarden.Contracts.Api;
using ActorWarden.ControlPlane;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Hosting;
using ActorWarden.Host;
using ActorWarden.Processes;
using ActorWarden.Supervision.Runtime;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// `warden run [CONFIG]`: load and validate the config, take the per-config lock (a second warden on
/// the same config is refused before it starts anything), then run the supervision tree under the
/// right host — console, systemd or the Windows SCM — with the HTTP control plane beside it.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Argument<string?>("CONFIG") { Description = "config file (default: $WARDEN_CONFIG or config/warden.conf)", Arity = ArgumentArity.ZeroOrOne };
        var asService = new Option<bool>("--service") { Description = "run under the Windows service control manager (set by `warden service install`)" };
        var serviceName = new Option<string?>("--name") { Description = "Windows service name when --service is given (default: the config's warden.name)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "debug-level warden log" };
        var command = new Command("run", "Run the warden in the foreground (or as a service) on a config") { config, asService, serviceName, verbose };
        command.SetAction((parse, ct) => Run(CliOptions.ResolveConfig(parse, parse.GetValue(config)), parse.GetValue(asService), parse.GetValue(serviceName), parse.GetValue(verbose), ct));
        return command;
    }

    private static async Task<int> Run(string configPath, bool asService, string? serviceName, bool verbose, CancellationToken cancellationToken)
    {
        var check = WardenConfigLoader.Check(configPath);
        if (!check.IsValid)
        {
            return Stderr.Fail(ExitCodes.Usage, $"invalid config:{Environment.NewLine}{string.Join(Environment.NewLine, check.Errors)}");
        }

        // Accepted, but worth a line before anything starts (as `validate` prints them).
        foreach (var warning in check.Warnings)
        {
            Console.Error.WriteLine("warden: " + warning.Format("warning"));
        }

        var settings = check.Settings!;

        // The control plane's settings are checked before anything starts: a refused bind (a
        // non-loopback host without a token, a bad port) must not leave children started and stopped
        // behind it, and is reported as one line, like any other config error.
        var endpointTokenFile = settings.Control.Token is null ? settings.Control.TokenFile : null;
        var controlPlane = ControlPlaneSettings.From(settings) with
        {
            // Written again once bound: with port = 0 the configured URL names no port a client can reach.
            OnListening = bound => EndpointFile.Write(configPath, WardenEndpoint.UrlOf(settings.Control with { Port = bound.Port }), endpointTokenFile),
        };
        if (settings.Control.Enabled)
        {
            if (ControlPlaneSettings.Problem(settings, configPath) is { } problem)
            {
                return Stderr.Fail(ExitCodes.Usage, $"invalid config: {problem}");
            }

            if (controlPlane.Token is null)
            {
                try
                {
                    // Generates the token (0600, its folder 0700 when missing) or refuses one others can read.
                    TokenFile.LoadOrCreate(controlPlane.ResolveTokenFile());
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    return Stderr.Fail(ExitCodes.Failed, $"control plane token: {ex.Message}");
                }
            }
        }

        // A cluster node's certificate is read before anything starts (Akka's own report is a stack trace).
        if (settings.Cluster.Enabled && ClusterComposition.TlsProblem(settings) is { } tlsProblem)
        {
            return Stderr.Fail(ExitCodes.Usage, $"invalid config: {configPath}: {tlsProblem}");
        }

        using var instanceLock = WardenInstanceLock.TryAcquire(settings);
        if (instanceLock is null)
        {
            return Stderr.Fail(ExitCodes.Failed, $"another warden is already running on {configPath} (lock {WardenInstanceLock.PathFor(settings)} is held); leaving it alone");
        }

        IProcessLauncher launcher;
        try
        {
            launcher = WardenContainment.CreateLauncher(settings);
        }
        catch (PlatformNotSupportedException ex)
        {
            return Stderr.Fail(ExitCodes.Failed, ex.Message);
        }

        var options = new WardenHostOptions
        {
            ConfigFile = configPath,
            ShutdownTimeout = settings.ShutdownTimeout,
            RunAsWindowsService = asService,
            ServiceName = serviceName ?? settings.Name,
            MinimumLevel = verbose ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information,
            AkkaConfig = settings.Cluster.Enabled ? ClusterComposition.AkkaConfig(settings) : ActorWarden.Supervision.Hosting.WardenAkkaConfig.For(settings),
            ConfigureServices = services =>
            {
                if (settings.Control.Enabled)
                {
                    services.AddWardenControlPlane(controlPlane);
                }
            },
        };

        if (settings.Control.Enabled && settings.Control.Port != 0)
        {
            // Known before the bind, so a `warden status` during the start already finds it; port 0 is known only once bound.
            EndpointFile.Write(configPath, WardenEndpoint.UrlOf(settings.Control), endpointTokenFile);
        }

        try
        {
            return await new WardenHost(new ActorWarden.Host.Platform.SystemHostPlatform()).RunAsync(context => WardenRuntimeFactory.Create(settings, context.Logger, context.ActorSystem, launcher), options, cancellationToken);
        }
        finally
        {
            EndpointFile.Delete(configPath);

            // The launcher made the warden's control group when it was created. A warden that stopped
            // removed it already; one that could not start (its port taken, say) must not leave it
            // behind. A group still in use (a survivor kept for the next warden) stays: rmdir refuses it.
            launcher.RemoveIdleGroups();
        }
    }
}
