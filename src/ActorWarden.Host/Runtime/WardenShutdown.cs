using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Runtime;

/// <summary>
/// The two ways out that every lifetime shares: a graceful stop through the host (services stop in
/// reverse dependency order inside the runtime) and a forced stop when the operator insists (second
/// Ctrl+C), which gives the runtime a zero deadline so it kills what is left at once.
/// </summary>
internal sealed class WardenShutdown
{
    /// <summary>Exit code of a forced stop, as shells report a process ended by SIGINT.</summary>
    public const int ForcedExitCode = 130;

    private readonly IHostApplicationLifetime _lifetime;
    private readonly RuntimeSlot _runtime;
    private readonly IServiceProvider _services;
    private readonly Serilog.ILogger _logger;
    private int _stopRequests;

    public WardenShutdown(IHostApplicationLifetime lifetime, RuntimeSlot runtime, IServiceProvider services, Serilog.ILogger logger)
    {
        _lifetime = lifetime;
        _runtime = runtime;
        _services = services;
        _logger = logger;
    }

    public bool Forced { get; private set; }

    /// <summary>First request stops gracefully; any later one forces.</summary>
    public void RequestStop(string reason)
    {
        if (Interlocked.Increment(ref _stopRequests) == 1)
        {
            _logger.Information("{Reason}: stopping all services gracefully; repeat to force", reason);
            _lifetime.StopApplication();
            return;
        }

        Force(reason);
    }

    private void Force(string reason)
    {
        if (Forced)
        {
            return;
        }

        Forced = true;
        _logger.Warning("{Reason} again: forcing stop, killing every process now", reason);
        _lifetime.StopApplication();
        _ = ForceAsync();
    }

    private async Task ForceAsync()
    {
        try
        {
            await _runtime.Runtime(_services).StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.Error(ex, "Forced stop failed");
        }
    }
}
