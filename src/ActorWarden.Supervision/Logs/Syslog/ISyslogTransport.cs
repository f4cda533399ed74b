namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>
/// How formatted messages reach the collector. The shipper owns retry and backoff; a transport only
/// connects, sends and reports failure by throwing, so UDP and TCP share one queue discipline.
/// </summary>
internal interface ISyslogTransport : IAsyncDisposable
{
    /// <summary>Human-readable target, e.g. <c>tcp://logs.example:514</c>.</summary>
    string Target { get; }

    bool IsConnected { get; }

    /// <summary>Resolves and (for TCP) connects; throws on failure.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Sends (or, for TCP, buffers) one message; throws on failure.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Pushes buffered messages out; called when the queue runs empty.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Drops the connection after a failure; the next send reconnects.</summary>
    ValueTask ResetAsync();
}
