using ActorWarden.Contracts.Control;
using ActorWarden.Host.Console;
using ActorWarden.Host.Logging;
using ActorWarden.Host.Platform;
using ActorWarden.Host.Runtime;
using ActorWarden.Host.Systemd;
using ActorWarden.Host.Windows;
using Akka.Actor;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace ActorWarden.Host;

/// <summary>
/// The one place the CLI hands over to: picks the lifetime for however the process was launched
/// (terminal, systemd, SCM), runs the supervision runtime inside a Microsoft.Extensions.Hosting host
/// next to the caller's hosted services, and turns the way it ended into the process exit code.
/// </summary>
public sealed class WardenHost
{
    /// <summary>The actor system's name: actor paths read akka://actorwarden/user/warden/...</summary>
    public const string ActorSystemName = "actorwarden";

    /// <summary>Exit code when the runtime could not be created or started, or the launcher contract failed.</summary>
    public const int StartFailureExitCode = 1;

    /// <summary>Exit code for options that cannot work on this OS (e.g. --service on Linux).</summary>
    public const int UsageExitCode = 2;

    private static readonly TimeSpan HostShutdownMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CompletionGrace = TimeSpan.FromSeconds(10);

    private readonly IHostPlatform _platform;
    private readonly Func<IScmApi> _scmFactory;
    private readonly ScmTimings _scmTimings;

    public WardenHost(IHostPlatform platform, Func<IScmApi>? scmFactory = null, ScmTimings? scmTimings = null)
    {
        _platform = platform ?? throw new ArgumentNullException(nameof(platform));
        _scmFactory = scmFactory ?? DefaultScm;
        _scmTimings = scmTimings ?? ScmTimings.Default;
    }

    /// <summary>Runs the warden on the real platform until it stops; returns the process exit code.</summary>
    public static Task<int> RunAsync(Func<IWardenRuntime> runtimeFactory, WardenHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtimeFactory);
        return new WardenHost(new SystemHostPlatform()).RunAsync(_ => runtimeFactory(), options, cancellationToken);
    }

    /// <summary>Like <see cref="RunAsync(Func{IWardenRuntime}, WardenHostOptions, CancellationToken)"/>, giving the factory the host's logger.</summary>
    public async Task<int> RunAsync(Func<WardenHostContext, IWardenRuntime> runtimeFactory, WardenHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtimeFactory);
        ArgumentNullException.ThrowIfNull(options);
        var kind = HostKindDetector.Detect(_platform, options);
        var ownedLogger = options.Logger is null ? HostLogging.Create(kind, options) : null;
        var logger = options.Logger ?? ownedLogger!;
        try
        {
            if (options.RunAsWindowsService && !_platform.IsWindows)
            {
                logger.Error("--service runs the warden under the Windows service control manager and is only valid on Windows; under systemd use 'warden run CONFIG' (see 'warden service install')");
                return UsageExitCode;
            }

            return await RunHostAsync(kind, runtimeFactory, options, logger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ownedLogger?.Dispose();
        }
    }

    private async Task<int> RunHostAsync(HostKind kind, Func<WardenHostContext, IWardenRuntime> runtimeFactory, WardenHostOptions options, Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        logger.Information("Warden host starting under {Kind}", kind.ToString());
        var slot = new RuntimeSlot(services => runtimeFactory(new WardenHostContext(kind, logger, options, services.GetRequiredService<ActorSystem>)));
        using var host = TryBuild(kind, slot, options, logger);
        if (host is null)
        {
            return StartFailureExitCode;
        }

        var shutdown = host.Services.GetRequiredService<WardenShutdown>();
        var started = false;
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            started = true;
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!started)
        {
            logger.Fatal("The warden could not start: {Reason}", StartFailure.Describe(ex));
            await StopAfterFailedStartAsync(host, logger).ConfigureAwait(false);
        }

        var exitCode = started ? await ExitCodeAsync(slot.Runtime(host.Services), shutdown, logger).ConfigureAwait(false) : StartFailureExitCode;

        // Before Stopped is reported: once the SCM hears it, it may end the process at any moment.
        logger.Information("Warden host exiting with code {ExitCode}", exitCode);
        if (host.Services.GetService<IHostLifetime>() is WindowsServiceLifetime scm)
        {
            await scm.CompleteAsync(exitCode).ConfigureAwait(false);
        }

        return exitCode;
    }

    private IHost? TryBuild(HostKind kind, RuntimeSlot slot, WardenHostOptions options, Serilog.ILogger logger)
    {
        try
        {
            return Build(kind, slot, options, logger);
        }
        catch (Exception ex)
        {
            logger.Fatal("The warden host could not be built: {Reason}", ex.GetBaseException().Message);
            return null;
        }
    }

    private IHost Build(HostKind kind, RuntimeSlot slot, WardenHostOptions options, Serilog.ILogger logger)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout + HostShutdownMargin);
        // The generic host logs a failed start itself, with the whole stack trace; the warden reports
        // it as one line (RunHostAsync), so the host's own category keeps only Critical.
        services.AddLogging(logging => logging.ClearProviders()
            .AddProvider(new SerilogLoggerProvider(logger))
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical));
        services.AddSingleton(logger);
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(_platform);
        services.AddSingleton(slot);
        services.AddSingleton(sp => sp.GetRequiredService<RuntimeSlot>().Runtime(sp));
        services.AddSingleton<IWardenControl>(sp => new ReloadAnnouncingControl(sp.GetRequiredService<IWardenRuntime>().Control, sp.GetServices<IReloadObserver>()));
        services.AddSingleton<WardenShutdown>();

        // The actor system starts and stops with the host (Akka.Hosting), under the console, systemd and
        // the SCM alike; registered before the runtime's hosted service, so it runs when the tree starts.
        // Akka's own log goes to the same Serilog pipeline (Akka.Logger.Serilog reads Serilog's static logger),
        // without its routine lines unless --verbose (AkkaRoutineLines).
        Serilog.Log.Logger = AkkaRoutineLines.For(logger, options.MinimumLevel);
        services.AddAkka(ActorSystemName, akka => akka
            .AddHocon(options.AkkaConfig ?? Akka.Configuration.Config.Empty, HoconAddMode.Replace)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<SerilogLogger>();
            }));

        switch (kind)
        {
            case HostKind.WindowsService:
                services.AddSingleton(_ => _scmFactory());
                services.AddSingleton<IHostLifetime>(sp => new WindowsServiceLifetime(
                    sp.GetRequiredService<IScmApi>(), _scmTimings, options, sp.GetRequiredService<IHostApplicationLifetime>(), sp, logger));
                break;
            case HostKind.Systemd:
                services.AddSingleton<IHostLifetime, SignalLifetime>();
                services.AddSingleton<ISystemdNotifier>(_ => SystemdNotifier.FromEnvironment(_platform)
                    ?? throw new InvalidOperationException("NOTIFY_SOCKET is not set; the systemd host needs it"));
                services.AddSingleton(sp =>
                {
                    var notifier = sp.GetRequiredService<ISystemdNotifier>();
                    var watchdog = WatchdogSettings.FromEnvironment(_platform);
                    ForgetSystemdEnvironment();
                    return new SystemdNotifyService(
                        notifier,
                        sp.GetRequiredService<IWardenRuntime>(),
                        sp.GetRequiredService<IHostApplicationLifetime>(),
                        watchdog,
                        options.TimeProvider,
                        logger);
                });
                services.AddSingleton<IReloadObserver>(sp => sp.GetRequiredService<SystemdNotifyService>());
                services.AddHostedService(sp => sp.GetRequiredService<SystemdNotifyService>());
                break;
            default:
                services.AddSingleton<IHostLifetime, SignalLifetime>();
                break;
        }

        // Hosted services start in registration order: the caller's (the control plane) first, so a
        // port already in use fails the start before the runtime has spawned a single process.
        options.ConfigureServices?.Invoke(services);
        services.AddSingleton<IProcessMemory, RuntimeProcessMemory>();
        services.AddHostedService<ProcessMemoryKeeper>();
        services.AddHostedService<WardenRuntimeHostedService>();
        return builder.Build();
    }

    /// <summary>
    /// Like sd_notify's unset_environment: children must not inherit the notify socket or the watchdog,
    /// or a notify-aware child would talk to systemd in the warden's name.
    /// </summary>
    private void ForgetSystemdEnvironment()
    {
        foreach (var name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID" })
        {
            _platform.RemoveEnvironmentVariable(name);
        }
    }

    private static async Task StopAfterFailedStartAsync(IHost host, Serilog.ILogger logger)
    {
        try
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.Error(ex, "Cleaning up after the failed start failed");
        }
    }

    private static async Task<int> ExitCodeAsync(IWardenRuntime runtime, WardenShutdown shutdown, Serilog.ILogger logger)
    {
        if (shutdown.Forced)
        {
            return WardenShutdown.ForcedExitCode;
        }

        var completion = runtime.Completion;
        try
        {
            return await completion.WaitAsync(CompletionGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.Error("The runtime stopped but did not report an exit code within {GraceSeconds} s", CompletionGrace.TotalSeconds);
            return StartFailureExitCode;
        }
        catch (Exception ex)
        {
            logger.Error(ex, "The runtime ended with an error");
            return StartFailureExitCode;
        }
    }

    private static IScmApi DefaultScm() => OperatingSystem.IsWindows()
        ? new AdvApi32ScmApi()
        : throw new PlatformNotSupportedException("The Windows service control manager exists only on Windows");
}
