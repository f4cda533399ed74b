namespace ActorWarden.Supervision.Specs;

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

    /// <summary>The service's user, filled in by the launch plan (not a config key): an exec check runs as the service does.</summary>
    public string? User { get; init; }

    /// <summary>The service's group, filled in by the launch plan.</summary>
    public string? Group { get; init; }

    /// <summary>The service's working directory, filled in by the launch plan.</summary>
    public string? Directory { get; init; }
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
