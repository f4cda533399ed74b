namespace ActorWarden.Contracts.Events;

/// <summary><c>state</c>: an instance changed state, through its one transition function.</summary>
public sealed record StateEvent(ProcessState From, ProcessState To, string Reason) : EventPayload
{
    public override string Name => EventNames.State;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("from", ProcessStateNames.Of(From));
        fields.Field("to", ProcessStateNames.Of(To));
        fields.Field("reason", Reason);
    }
}

/// <summary><c>health</c>: the health check changed its verdict.</summary>
public sealed record HealthEvent(HealthState State, string Detail) : EventPayload
{
    public override string Name => EventNames.Health;

    /// <summary>The verdict as the wire spells it: <c>starting</c>, <c>healthy</c>, <c>unhealthy</c>.</summary>
    public string StateName => State switch
    {
        HealthState.Starting => "starting",
        HealthState.Healthy => "healthy",
        _ => "unhealthy",
    };

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("state", StateName);
        fields.Field("detail", Detail);
    }
}

/// <summary><c>ready</c>: an instance with ready = notify sent READY=1 and counts as started.</summary>
public sealed record ReadyEvent(int Pid, long AfterMs) : EventPayload
{
    public override string Name => EventNames.Ready;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("after_ms", AfterMs);
    }
}

/// <summary><c>start-timeout</c>: an instance with ready = notify sent no READY=1 within start-timeout.</summary>
public sealed record StartTimeoutEvent(int Pid, long TimeoutMs) : EventPayload
{
    public override string Name => EventNames.StartTimeout;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("timeout_ms", TimeoutMs);
    }
}

/// <summary><c>backoff</c>: a restart waits before spawning.</summary>
public sealed record BackoffEvent(long DelayMs, int Attempt, string Reason) : EventPayload
{
    public override string Name => EventNames.Backoff;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("delay_ms", DelayMs);
        fields.Field("attempt", Attempt);
        fields.Field("reason", Reason);
    }
}

/// <summary><c>fatal</c>: the instance gave up; <paramref name="RetryInMs"/> is null when fatal-retry is off.</summary>
public sealed record FatalEvent(string Reason, long? RetryInMs) : EventPayload
{
    public override string Name => EventNames.Fatal;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("reason", Reason);
        fields.Field("retry_in_ms", RetryInMs);
    }
}
