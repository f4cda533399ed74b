namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Internal timings of the log shipper that are not worth a setting but that tests need to shorten.
/// </summary>
/// <param name="DropReportInterval">How long after a drop its <c>logs-dropped</c> event comes, at most one per interval.</param>
/// <param name="WriteRetryInterval">After a write failure, how long lines are dropped before the file is tried again.</param>
/// <param name="SyslogBackoffMin">First reconnect delay after a syslog failure (doubles each time).</param>
/// <param name="SyslogBackoffMax">Cap of the reconnect delay.</param>
/// <param name="SyslogConnectTimeout">How long a TCP connect may take.</param>
/// <param name="SyslogDrainTimeout">After the shipper stops, how long queued syslog messages may still take to leave.</param>
internal sealed record LogShipperTuning(
    TimeSpan DropReportInterval,
    TimeSpan WriteRetryInterval,
    TimeSpan SyslogBackoffMin,
    TimeSpan SyslogBackoffMax,
    TimeSpan SyslogConnectTimeout,
    TimeSpan SyslogDrainTimeout)
{
    public static LogShipperTuning Default { get; } = new(
        DropReportInterval: TimeSpan.FromSeconds(10),
        WriteRetryInterval: TimeSpan.FromSeconds(5),
        SyslogBackoffMin: TimeSpan.FromMilliseconds(200),
        SyslogBackoffMax: TimeSpan.FromSeconds(30),
        SyslogConnectTimeout: TimeSpan.FromSeconds(5),
        SyslogDrainTimeout: TimeSpan.FromSeconds(5));
}
