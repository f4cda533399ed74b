using System.Runtime.InteropServices;
using ActorWarden.Contracts.Control;
using ActorWarden.Host.Platform;
using ActorWarden.Host.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Console;

/// <summary>
/// Lifetime for the foreground and for systemd, which both speak signals: SIGINT/SIGTERM/SIGQUIT stop
/// gracefully (a second one forces), SIGHUP reloads the config as supervisord and nginx do. It
/// replaces the default ConsoleLifetime because that one cannot force on a second Ctrl+C nor reload.
/// </summary>
internal sealed class SignalLifetime : IHostLifetime, IDisposable
{
    private readonly IHostPlatform _platform;
    private readonly WardenShutdown _shutdown;
    private readonly IServiceProvider _services;
    private readonly Serilog.ILogger _logger;
    private readonly List<IDisposable> _registrations = new();

    /// <param name="platform">Where signals come from.</param>
    /// <param name="shutdown">Graceful and forced stop.</param>
    /// <param name="services">Resolves the control seam at the first SIGHUP, so building the host never creates the runtime early.</param>
    /// <param name="logger">Where reload results go.</param>
    public SignalLifetime(IHostPlatform platform, WardenShutdown shutdown, IServiceProvider services, Serilog.ILogger logger)
    {
        _platform = platform;
        _shutdown = shutdown;
        _services = services;
        _logger = logger;
    }

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        Register(PosixSignal.SIGINT, OnStopSignal);
        Register(PosixSignal.SIGTERM, OnStopSignal);
        Register(PosixSignal.SIGQUIT, OnStopSignal);
        if (!_platform.IsWindows)
        {
            Register(PosixSignal.SIGHUP, OnReloadSignal);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }

    private void Register(PosixSignal signal, Action<PosixSignalContext> handler) =>
        _registrations.Add(_platform.RegisterSignal(signal, handler));

    private void OnStopSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _shutdown.RequestStop("Received " + context.Signal);
    }

    private void OnReloadSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _logger.Information("Received SIGHUP: reloading the configuration");
        try
        {
            var result = await _services.GetRequiredService<IWardenControl>().ReloadAsync().ConfigureAwait(false);
            if (result.Kind is ControlOutcome.Ok or ControlOutcome.Invalid)
            {
                // The decision log has already said it in one line ("reloaded: …" or "reload refused, nothing changed: …").
                _logger.Debug("Reload {Outcome}: {Message} (affected: {Affected})", result.Kind.ToString(), result.Message, string.Join(", ", result.Affected));
            }
            else
            {
                _logger.Error("Reload {Outcome}: {Message}; the running configuration is unchanged", result.Kind.ToString(), result.Message);
            }
        }
        catch (Exception ex)
        {
            _logger.Error(ex, "Reload failed");
        }
    }
}
