namespace ActorWarden.Config;

/// <summary>
/// When an exited process comes back: the supervisord autorestart values, which are Erlang's child
/// restart types (always = permanent, on-failure = transient, never = temporary).
/// </summary>
public enum RestartPolicy
{
    Always,
    OnFailure,
    Never,
}
