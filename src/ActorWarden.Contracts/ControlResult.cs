namespace ActorWarden.Contracts;

/// <summary>
/// Outcome of an operator command (start/stop/restart/reload). <see cref="Kind"/> maps one-to-one
/// to HTTP status codes and CLI exit codes, so every front end reports the same thing.
/// </summary>
public sealed record ControlResult(ControlOutcome Kind, string Message, IReadOnlyList<string> Affected)
{
    public static ControlResult Ok(string message, IReadOnlyList<string> affected) => new(ControlOutcome.Ok, message, affected);
    public static ControlResult NotFound(string message) => new(ControlOutcome.NotFound, message, Array.Empty<string>());
    public static ControlResult Invalid(string message) => new(ControlOutcome.Invalid, message, Array.Empty<string>());
    public static ControlResult Failed(string message) => new(ControlOutcome.Failed, message, Array.Empty<string>());
}

/// <summary>Ok → 200/exit 0; NotFound → 404/exit 1; Invalid (bad config or arguments) → 400/exit 2; Failed → 500/exit 1.</summary>
public enum ControlOutcome
{
    Ok,
    NotFound,
    Invalid,
    Failed,
}
