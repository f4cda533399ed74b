namespace ActorWarden.Supervision.Health;

/// <summary>WATCHDOG=1 from the instance (forwarded by its ProcessActor after the sender check).</summary>
public sealed record Heartbeat
{
    public static Heartbeat Instance { get; } = new();
}

/// <summary>WATCHDOG=trigger from the instance: it declares itself hung, the check fails at once.</summary>
public sealed record HeartbeatTriggered
{
    public static HeartbeatTriggered Instance { get; } = new();
}

/// <summary>The silence limit may have been reached (from the scheduler).</summary>
internal sealed record HeartbeatDeadline
{
    public static HeartbeatDeadline Instance { get; } = new();
}
