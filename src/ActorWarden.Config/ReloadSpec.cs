namespace ActorWarden.Config;

/// <summary>
/// How <c>warden reload NAME</c> makes a running service re-read its own configuration without a
/// restart (systemd ExecReload=): a signal to the main process (nginx, PostgreSQL: SIGHUP), or a
/// command run with the service's identity, environment and working directory. Neither set = the
/// service cannot reload, and <c>warden reload NAME</c> says so.
/// </summary>
public sealed record ReloadSpec
{
    /// <summary>Signal sent to the main process; null when not set.</summary>
    public ActorWarden.Processes.ProcessSignal? Signal { get; init; }

    /// <summary>Command and arguments (${MAINPID} expands to the main pid); empty when not set.</summary>
    public IReadOnlyList<string> Command { get; init; } = Array.Empty<string>();

    /// <summary>True when the service has a way to reload.</summary>
    public bool IsSet => Signal is not null || Command.Count > 0;
}
