namespace ActorWarden.Config;

/// <summary>
/// The commands around a start (systemd ExecStartPre= and ExecStopPost=, NSSM AppEvents): each runs
/// with the service's identity, environment and working directory, and is killed at <see cref="Timeout"/>.
/// A failing pre-start is a failed start; a failing post-stop is reported and changes nothing.
/// </summary>
public sealed record HookSpec
{
    /// <summary>Run before each start of an instance; empty = none.</summary>
    public IReadOnlyList<string> PreStart { get; init; } = Array.Empty<string>();

    /// <summary>Run after each end of an instance's process (stopped, exited or killed); empty = none.</summary>
    public IReadOnlyList<string> PostStop { get; init; } = Array.Empty<string>();

    /// <summary>Deadline of pre-start, post-stop and reload.command.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
