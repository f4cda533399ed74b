namespace ActorWarden.Config;

/// <summary>What one exit code means (NSSM's AppExit): it overrides <see cref="RestartPolicy"/> for that code.</summary>
public enum ExitAction
{
    /// <summary>Restart after backoff (counts against intensity).</summary>
    Restart,

    /// <summary>Leave the instance Exited; no restart.</summary>
    Stop,

    /// <summary>Hand the failure to the group supervisor at once.</summary>
    Escalate,

    /// <summary>Treat as if nothing happened: restart without counting it as a failure.</summary>
    Ignore,
}
