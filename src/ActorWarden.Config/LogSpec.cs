namespace ActorWarden.Config;

/// <summary>Where an instance's stdout/stderr go and how much memory that may take, whatever the child writes.</summary>
public sealed record LogSpec
{
    public bool Enabled { get; init; } = true;

    /// <summary>Absolute folder of this service's log files.</summary>
    public string Directory { get; init; } = "";

    public long MaxSizeBytes { get; init; } = 10L * 1024 * 1024;

    public int Keep { get; init; } = 5;

    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// The largest block read from a pipe and written to the file at once: the memory a flooding stream
    /// holds (a quiet one holds 4 KiB). The warden reads again only once a block is written, so a slow
    /// disk makes the child wait (back-pressure); nothing is dropped.
    /// </summary>
    public long BufferBytes { get; init; } = 1024 * 1024;

    /// <summary>Null (the default) never drops output; otherwise lines beyond the limit are dropped and marked in the file.</summary>
    public LogRateLimitSpec? RateLimit { get; init; }

    public bool ToWardenLog { get; init; }

    /// <summary>Null when syslog shipping is off.</summary>
    public SyslogSpec? Syslog { get; init; }
}

/// <summary>journald's RateLimitBurst per RateLimitIntervalSec: at most <see cref="Burst"/> lines per <see cref="Interval"/> and stream.</summary>
public sealed record LogRateLimitSpec(int Burst, TimeSpan Interval);

/// <summary>RFC 5424 syslog target; shipping never blocks the child or the warden (bounded queue, reconnect with backoff).</summary>
public sealed record SyslogSpec
{
    public required string Host { get; init; }

    public int Port { get; init; } = 514;

    public SyslogProtocol Protocol { get; init; } = SyslogProtocol.Udp;

    public string Facility { get; init; } = "user";

    public string AppName { get; init; } = "";

    public int QueueLength { get; init; } = 10_000;
}

/// <summary>Syslog transports.</summary>
public enum SyslogProtocol
{
    Udp,
    Tcp,
}
