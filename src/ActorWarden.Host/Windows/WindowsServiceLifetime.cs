using ActorWarden.Contracts.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Windows;

/// <summary>
/// Runs the SCM dispatcher on a dedicated thread (StartServiceCtrlDispatcher blocks until we report
/// Stopped) and maps the host's lifecycle onto the service status: StartPending until the runtime is
/// ready, Running, StopPending while it stops, then Stopped with the runtime's exit code.
/// </summary>
internal sealed class WindowsServiceLifetime : IHostLifetime, IDisposable
{
    private static readonly TimeSpan DispatcherExitGrace = TimeSpan.FromSeconds(10);

    private readonly IScmApi _scm;
    private readonly WardenHostOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceProvider _services;
    private readonly Serilog.ILogger _logger;
    private readonly ServiceStatusMachine _machine;
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _dispatcherReturned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<CancellationTokenRegistration> _registrations = new();

    public WindowsServiceLifetime(IScmApi scm, ScmTimings timings, WardenHostOptions options, IHostApplicationLifetime lifetime, IServiceProvider services, Serilog.ILogger logger)
    {
        _scm = scm;
        _options = options;
        _lifetime = lifetime;
        _services = services;
        _logger = logger;
        _machine = new ServiceStatusMachine(scm, options.ServiceName, timings, options.TimeProvider, OnScmStop);
    }

    public async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        var dispatcher = new Thread(RunDispatcher) { IsBackground = true, Name = "scm-dispatcher" };
        dispatcher.Start();
        await _begun.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _registrations.Add(_lifetime.ApplicationStarted.Register(OnStarted));
        _registrations.Add(_lifetime.ApplicationStopping.Register(_machine.ReportStopping));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reports Stopped with the process exit code and lets the dispatcher thread return.</summary>
    public async Task CompleteAsync(int exitCode)
    {
        if (!_begun.Task.IsCompletedSuccessfully)
        {
            return;
        }

        _machine.ReportStopping();
        _machine.ReportStopped(exitCode);
        try
        {
            await _dispatcherReturned.Task.WaitAsync(DispatcherExitGrace, _options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.Warning("The SCM dispatcher did not return within {GraceSeconds} s after Stopped was reported", DispatcherExitGrace.TotalSeconds);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _machine.Dispose();
    }

    private void RunDispatcher()
    {
        try
        {
            var error = _scm.RunDispatcher(_options.ServiceName, _ => BeginService());
            if (error != 0)
            {
                _begun.TrySetException(new InvalidOperationException(
                    $"Could not connect to the Windows service control manager as '{_options.ServiceName}' (Win32 error {error}). " +
                    "'warden run --service' works only when the SCM starts the process; run 'warden run CONFIG' in a terminal instead."));
            }
            else
            {
                _begun.TrySetException(new InvalidOperationException("The SCM dispatcher returned before the service started"));
            }
        }
        catch (Exception ex)
        {
            _begun.TrySetException(ex);
        }
        finally
        {
            _dispatcherReturned.TrySetResult();
        }
    }

    private void BeginService()
    {
        try
        {
            _machine.Begin();
            _logger.Information("Service {Name} registered with the SCM: start pending", _options.ServiceName);
            _begun.TrySetResult();
        }
        catch (Exception ex)
        {
            _begun.TrySetException(ex);
        }
    }

    private void OnScmStop()
    {
        _logger.Information("The SCM asked service {Name} to stop", _options.ServiceName);
        _lifetime.StopApplication();
    }

    private void OnStarted()
    {
        var runtime = _services.GetRequiredService<IWardenRuntime>();
        _ = runtime.WhenReady.ContinueWith(
            ready =>
            {
                if (ready.IsCompletedSuccessfully)
                {
                    _machine.ReportRunning();
                    _logger.Information("Service {Name} is running", _options.ServiceName);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
