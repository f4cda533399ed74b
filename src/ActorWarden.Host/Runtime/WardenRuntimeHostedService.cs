using ActorWarden.Contracts.Control;
using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Runtime;

/// <summary>
/// Ties the runtime's life to the host's: the host starting starts the runtime, the host stopping
/// stops it within the global shutdown timeout, and the runtime ending on its own (the root policy
/// gave up) stops the host so the process exits with the runtime's code.
/// </summary>
internal sealed class WardenRuntimeHostedService : IHostedService
{
    private readonly IWardenRuntime _runtime;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly WardenHostOptions _options;
    private readonly Serilog.ILogger _logger;
    private bool _started;

    public WardenRuntimeHostedService(IWardenRuntime runtime, IHostApplicationLifetime lifetime, WardenHostOptions options, Serilog.ILogger logger)
    {
        _runtime = runtime;
        _lifetime = lifetime;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        await _runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = _runtime.Completion.ContinueWith(
            completion =>
            {
                if (!_lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    _logger.Error("The supervision tree ended on its own ({Outcome}); stopping the warden", Describe(completion));
                    _lifetime.StopApplication();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host stops every hosted service after a failed start, also those it never started
        // (a control plane that could not bind comes first): there is nothing of ours to stop then.
        if (!_started || _runtime.Completion.IsCompleted)
        {
            return;
        }

        // The decision log says it to the operator: "warden stopping: <reason> (shutdown-timeout N s)".
        _logger.Debug("Stopping all services (timeout {TimeoutSeconds} s)", _options.ShutdownTimeout.TotalSeconds);
        var graceful = _runtime.StopAsync(_options.ShutdownTimeout, cancellationToken);

        // A forced stop ends the runtime while the graceful call may still be unwinding; the host is done either way.
        await Task.WhenAny(graceful, _runtime.Completion).ConfigureAwait(false);
        if (graceful.IsFaulted)
        {
            await graceful.ConfigureAwait(false);
        }
    }

    private static string Describe(Task<int> completion) => completion.Status switch
    {
        TaskStatus.RanToCompletion => "exit code " + completion.Result,
        TaskStatus.Faulted => completion.Exception!.GetBaseException().Message,
        _ => "cancelled",
    };
}
