namespace ActorWarden.Contracts;

/// <summary>
/// Captured output lost for one instance since the warden started, per stream (stdout, stderr) or
/// syslog target and per reason (rate-limit, write-failed, syslog-queue-full, syslog-send-failed):
/// the sum of its <c>logs-dropped</c> events, so /metrics can alert on a loss the events announce.
/// </summary>
/// <param name="Stream">stdout or stderr, or the syslog target.</param>
/// <param name="Reason">Why the lines were dropped.</param>
/// <param name="Lines">Lines dropped.</param>
/// <param name="Bytes">Bytes dropped (0 for syslog, which counts messages only).</param>
public sealed record LogDropCount(string Stream, string Reason, long Lines, long Bytes);
