namespace ActorWarden.Contracts.Events;

/// <summary>Names of the events the log shipper publishes, shared with readers of the event log.</summary>
public static class LogEventNames
{
    /// <summary>Lines were lost since the last report: fields <c>stream</c> or <c>target</c>, <c>reason</c>, <c>dropped</c>, <c>total</c>,
    /// and for a stream also <c>dropped-bytes</c> and <c>total-bytes</c>.</summary>
    public const string Dropped = "logs-dropped";

    /// <summary>A log file could not be written (once per episode): fields <c>stream</c>, <c>path</c>, <c>error</c>.</summary>
    public const string WriteFailed = "logs-write-failed";

    /// <summary>A log file is writable again after <see cref="WriteFailed"/>.</summary>
    public const string WriteRecovered = "logs-write-recovered";

    /// <summary>The syslog target failed (once per episode): fields <c>target</c>, <c>error</c>.</summary>
    public const string ShipFailed = "logs-ship-failed";

    /// <summary>The syslog target accepts messages again after <see cref="ShipFailed"/>.</summary>
    public const string ShipRecovered = "logs-ship-recovered";

    /// <summary>Drop reasons used in <see cref="Dropped"/>.</summary>
    public static class Reasons
    {
        /// <summary>The service's <c>logs.rate-limit</c> was exceeded.</summary>
        public const string RateLimit = "rate-limit";

        /// <summary>The log file could not be written.</summary>
        public const string WriteFailed = "write-failed";

        /// <summary>The syslog queue was full (the collector is down or slow).</summary>
        public const string SyslogQueueFull = "syslog-queue-full";

        /// <summary>Messages lost when a syslog send failed.</summary>
        public const string SyslogSendFailed = "syslog-send-failed";
    }
}
