namespace ActorWarden.Contracts.Control;

/// <summary>
/// What a host (console, systemd, Windows SCM) needs from a running warden: start it, know when it is
/// ready, check that its root still answers, stop it gracefully, and learn the exit code the root
/// policy chose. Hosts depend on this seam only, so each can be tested against a fake.
/// </summary>
public interface IWardenRuntime : IAsyncDisposable
{
    IWardenControl Control { get; }

    /// <summary>Starts the actor system and every service meant to start, in dependency order.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once every service meant to start is Running (and healthy where it has a check): systemd READY=1, SCM RUNNING.</summary>
    Task WhenReady { get; }

    /// <summary>True when the root guardian answered within <paramref name="timeout"/>; drives the systemd watchdog.</summary>
    Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Stops every service in reverse dependency order, then terminates the actor system; kills what is left at the deadline.</summary>
    Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Completes when the warden has stopped, with the process exit code: 0 normally, nonzero when the root policy gave up.</summary>
    Task<int> Completion { get; }
}
