namespace ActorWarden.Supervision.Health;

/// <summary>
/// Thrown by <see cref="HealthCheckActor"/> when consecutive probe failures reach the configured
/// threshold. A failure is an exception rather than a message so that it travels the supervision tree
/// like any other crash: the ProcessActor's strategy escalates it, and the ServiceSupervisor's decider
/// chooses the directive (restart by default), counted against the same restart intensity as exits.
/// </summary>
public sealed class HealthCheckFailedException : Exception
{
    /// <summary>Creates the failure for <paramref name="instance"/> with the probe's last words.</summary>
    public HealthCheckFailedException(string instance, string detail)
        : base($"health check of '{instance}' failed: {detail}")
    {
        Instance = instance;
        Detail = detail;
    }

    /// <summary>The instance whose check failed.</summary>
    public string Instance { get; }

    /// <summary>Why: failure count and the last probe's result.</summary>
    public string Detail { get; }
}
