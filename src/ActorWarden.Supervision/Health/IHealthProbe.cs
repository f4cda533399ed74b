namespace ActorWarden.Supervision.Health;

/// <summary>
/// One way of asking "is this instance alive?". An interface so that tests and <c>warden simulate</c>
/// can script answers while the health check's timing, thresholds and escalation stay the real ones.
/// </summary>
/// <remarks>
/// The caller enforces the timeout by cancelling <c>cancellationToken</c> on its own clock (the
/// HealthCheckActor does so from the actor system's scheduler, so timeouts also work on virtual time);
/// implementations must stop promptly when it is cancelled (abort the request, kill the command) and
/// should return a failing <see cref="ProbeResult"/> rather than throw.
/// </remarks>
public interface IHealthProbe
{
    /// <summary>Runs the probe once.</summary>
    Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken);
}
