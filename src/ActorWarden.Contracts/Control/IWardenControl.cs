using ActorWarden.Contracts.Events;

namespace ActorWarden.Contracts.Control;

/// <summary>
/// The one seam between the supervision tree and everything that operates it (HTTP API, status page,
/// metrics, systemd/SCM hosts, CLI). Every call is answered by the actors via Ask, so callers never
/// touch actor state and front ends can be tested against a fake.
/// </summary>
public interface IWardenControl
{
    /// <summary>Names of all configured services, in configuration order.</summary>
    IReadOnlyList<string> ServiceNames { get; }

    /// <summary>Names of all groups (explicit and implicit).</summary>
    IReadOnlyList<string> GroupNames { get; }

    Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Status of the instances of one service, or null when no such service exists.</summary>
    Task<IReadOnlyList<InstanceStatus>?> GetServiceAsync(string service, CancellationToken cancellationToken = default);

    /// <summary>Target is a service name, a group name, an instance name (web-2) or <c>all</c>.</summary>
    Task<ControlResult> StartAsync(string target, CancellationToken cancellationToken = default);

    Task<ControlResult> StopAsync(string target, CancellationToken cancellationToken = default);

    Task<ControlResult> RestartAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>Re-reads the config file the warden was started with; invalid config changes nothing and is returned as Invalid with file:line:column.</summary>
    Task<ControlResult> ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="signal"/> (SIGHUP, HUP, USR1, 10, RTMIN+1 …) to the main process of each
    /// instance of <paramref name="target"/>, or with <paramref name="group"/> to its whole process group
    /// (supervisorctl signal, systemctl kill -s). A bad signal is Invalid, an unknown target NotFound, and
    /// an instance without a running process Failed.
    /// </summary>
    Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reloads the running program of each instance of <paramref name="target"/> in place, with its
    /// service's reload.signal or reload.command (systemctl reload): same pid, no restart. A service
    /// without either, or an instance without a process, is Failed.
    /// </summary>
    Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>Live events from now on. The reader completes when the warden stops; slow readers lose the oldest events, never block the warden.</summary>
    IAsyncEnumerable<WardenEvent> SubscribeEvents(CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands every event from now on to <paramref name="observer"/> until the returned handle is disposed.
    /// For observers that only record what they are given (no blocking, no I/O): the warden calls them where
    /// the event is published, so no thread is woken per event, where a stream wakes its reader for each.
    /// The default reads <see cref="SubscribeEvents"/> for it.
    /// </summary>
    IDisposable ObserveEvents(IEventPublisher observer) => EventStreamObserver.Start(SubscribeEvents, observer);

    /// <summary>Path of the current log file of one instance's stream (stdout or stderr), or null if the instance is unknown or logs are off.</summary>
    string? LogFilePath(string service, string? instance, string stream);
}
