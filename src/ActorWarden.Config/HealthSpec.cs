namespace ActorWarden.Config;

/// <summary>
/// A health check run by a child actor of each instance. String fields may contain ${NAME}
/// references that expand from the instance environment (e.g. the farm's ${PORT}).
/// </summary>
public sealed record HealthSpec
{
    public HealthCheckType Type { get; init; } = HealthCheckType.None;

    public string Url { get; init; } = "";

    /// <summary>Accepted HTTP status codes; empty = any 2xx.</summary>
    public IReadOnlyList<int> ExpectStatus { get; init; } = Array.Empty<int>();

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; may be "${PORT}" in config, so kept as text until expanded.</summary>
    public string Port { get; init; } = "0";

    public string Command { get; init; } = "";

    public IReadOnlyList<string> Args { get; init; } = Array.Empty<string>();

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Failures { get; init; } = 3;

    public TimeSpan StartPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Who an exec check runs as, where, and in which control group: the instance's own user, group
    /// and working directory, as Docker's HEALTHCHECK, Kubernetes' exec probes and systemd's Exec*
    /// lines do. Not read from the config: the launch plan fills it from the service.
    /// </summary>
    public ExecIdentity RunAs { get; init; } = ExecIdentity.Warden;

    /// <summary>
    /// The service's secret values, filled in by the launch plan (not a config key): a probe's detail
    /// quotes its expanded command or URL, and every message carrying it is masked before it leaves the
    /// check, since Akka logs the content of a message that arrives after its actor ended.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}

/// <summary>The identity and place an exec health check runs with.</summary>
/// <param name="User">User name or uid; null = the warden's.</param>
/// <param name="Group">Group name or gid; null = the user's primary group.</param>
/// <param name="Directory">Working directory; null = the warden's.</param>
/// <param name="ContainmentName">The control group the check's tree lives in (null: named after the command).</param>
public sealed record ExecIdentity(string? User, string? Group, string? Directory, string? ContainmentName)
{
    /// <summary>The warden's own identity and directory.</summary>
    public static readonly ExecIdentity Warden = new(null, null, null, null);
}

/// <summary>Kinds of health probe.</summary>
public enum HealthCheckType
{
    None,
    Http,
    Tcp,
    Exec,

    /// <summary>Pushed, not probed: the service sends WATCHDOG=1 on its notify socket (systemd WatchdogSec=).</summary>
    Heartbeat,
}
