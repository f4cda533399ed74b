namespace ActorWarden.Config;

/// <summary>
/// Everything `warden validate` reports about one config: the bound settings (null when it cannot be
/// used), the errors that make `run` and `reload` refuse it, and warnings about what they accept but
/// will not work as meant (a missing program, a service written twice).
/// </summary>
public sealed record ConfigCheck(WardenSettings? Settings, IReadOnlyList<ConfigError> Errors, IReadOnlyList<ConfigError> Warnings)
{
    public bool IsValid => Settings is not null && Errors.Count == 0;
}
