using ActorWarden.Host.Logging.EventLog;
using ActorWarden.Host.Windows;

namespace ActorWarden.Host.Install;

/// <summary>
/// Registers the warden with the SCM (own process, auto start, restart recovery actions) and removes
/// it again, stopping it first and waiting for Stopped so the delete never strands a running service.
/// Like NSSM it also registers an Application-log event source named after the service, which only an
/// elevated install may create, and removes it on uninstall.
/// </summary>
public sealed class WindowsServiceInstaller
{
    private static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(15);

    private readonly IWindowsServiceManager? _manager;
    private readonly TimeProvider _time;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly IEventSources? _eventSources;

    /// <param name="manager">The SCM; null where there is none (dry runs still work).</param>
    /// <param name="time">Clock for waiting on the service to stop.</param>
    /// <param name="output">Where progress goes.</param>
    /// <param name="error">Where the one-line failure goes.</param>
    /// <param name="eventSources">Application-log event sources; null where there are none.</param>
    public WindowsServiceInstaller(IWindowsServiceManager? manager, TimeProvider time, TextWriter output, TextWriter error, IEventSources? eventSources = null)
    {
        _eventSources = eventSources;
        _manager = manager;
        _time = time;
        _output = output;
        _error = error;
    }

    public int Install(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DryRun)
        {
            _output.Write("# --dry-run: equivalent commands\n" + string.Concat(ScCommands.Install(request).Select(line => line + "\n")));
            return InstallExitCodes.Ok;
        }

        if (_manager is null)
        {
            return NoScm("install");
        }

        try
        {
            if (_manager.Exists(request.ServiceName))
            {
                _error.WriteLine($"service install: a Windows service named '{request.ServiceName}' already exists; run 'warden service uninstall --name {request.ServiceName}' first");
                return InstallExitCodes.Failed;
            }

            var definition = WindowsServiceDefinition.From(request);
            _manager.Create(definition);
            _output.Write(
                $"Registered Windows service '{definition.Name}' (auto start): {definition.BinaryPath}\n" +
                "Recovery: restart after 5 s, 10 s, 30 s; failure count resets after 1 day; also on a nonzero exit code\n" +
                $"Start it with:\n  sc.exe start {definition.Name}\n");
            RegisterEventSource(definition.Name);
            return InstallExitCodes.Ok;
        }
        catch (InvalidOperationException ex)
        {
            _error.WriteLine("service install: " + ex.Message);
            return InstallExitCodes.Failed;
        }
    }

    public async Task<int> UninstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DryRun)
        {
            _output.Write("# --dry-run: equivalent commands\n" + string.Concat(ScCommands.Uninstall(request).Select(line => line + "\n")));
            return InstallExitCodes.Ok;
        }

        if (_manager is null)
        {
            return NoScm("uninstall");
        }

        var name = request.ServiceName;
        try
        {
            if (!_manager.Exists(name))
            {
                _error.WriteLine($"service uninstall: no Windows service named '{name}'");
                return InstallExitCodes.Failed;
            }

            if (_manager.QueryState(name) != ServiceState.Stopped)
            {
                _output.Write($"Stopping '{name}'...\n");
                _manager.Stop(name);
                var deadline = request.ShutdownTimeout + StopMargin;
                if (!await WaitForStoppedAsync(name, deadline, cancellationToken).ConfigureAwait(false))
                {
                    _error.WriteLine($"service uninstall: '{name}' did not stop within {deadline.TotalSeconds:0} s; not deleted");
                    return InstallExitCodes.Failed;
                }
            }

            _manager.Delete(name);
            _output.Write($"Deleted Windows service '{name}'\n");
            RemoveEventSource(name);
            return InstallExitCodes.Ok;
        }
        catch (InvalidOperationException ex)
        {
            _error.WriteLine("service uninstall: " + ex.Message);
            return InstallExitCodes.Failed;
        }
    }

    private async Task<bool> WaitForStoppedAsync(string name, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (_manager!.QueryState(name) != ServiceState.Stopped)
        {
            if (_time.GetElapsedTime(started) >= deadline)
            {
                return false;
            }

            await Task.Delay(StopPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>A source that cannot be registered costs the Event Log entries only (the service log file keeps every line), so it warns and the install stands.</summary>
    private void RegisterEventSource(string name)
    {
        if (_eventSources is null)
        {
            return;
        }

        try
        {
            if (!_eventSources.Exists(name))
            {
                _eventSources.Register(name);
            }

            _output.Write($"Event source '{name}' registered in the Application log\n");
        }
        catch (Exception ex) when (IsEventLogFailure(ex))
        {
            _error.WriteLine($"service install: warning: event source '{name}' could not be registered in the Application log ({ex.Message}); the warden's lines go to its service log file only");
        }
    }

    private void RemoveEventSource(string name)
    {
        if (_eventSources is null)
        {
            return;
        }

        try
        {
            if (_eventSources.Exists(name))
            {
                _eventSources.Remove(name);
                _output.Write($"Event source '{name}' removed from the Application log\n");
            }
        }
        catch (Exception ex) when (IsEventLogFailure(ex))
        {
            _error.WriteLine($"service uninstall: warning: event source '{name}' could not be removed ({ex.Message})");
        }
    }

    private static bool IsEventLogFailure(Exception ex) =>
        ex is InvalidOperationException or ArgumentException or System.Security.SecurityException or UnauthorizedAccessException or IOException;

    private int NoScm(string verb)
    {
        _error.WriteLine($"service {verb}: registering a Windows service needs Windows; use --dry-run to print the sc.exe commands");
        return InstallExitCodes.Failed;
    }
}
