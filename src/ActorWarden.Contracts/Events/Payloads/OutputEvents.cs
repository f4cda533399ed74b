namespace ActorWarden.Contracts.Events;

/// <summary>
/// <c>logs-dropped</c>: captured lines were lost since the last report, at a <paramref name="Stream"/>
/// (stdout, stderr: with byte counts) or at a syslog <paramref name="Target"/> (line counts only).
/// </summary>
public sealed record LogsDroppedEvent(string? Stream, string? Target, string Reason, long Dropped, long Total, long? DroppedBytes, long? TotalBytes) : EventPayload
{
    public override string Name => LogEventNames.Dropped;

    /// <summary>Where the lines were lost: the stream, else the syslog target.</summary>
    public string Where => Stream ?? Target ?? "?";

    public override void Project(EventFieldWriter fields)
    {
        if (Stream is not null)
        {
            fields.Field("stream", Stream);
        }
        else
        {
            fields.Field("target", Target);
        }

        fields.Field("reason", Reason);
        fields.Field("dropped", Dropped);
        fields.Field("total", Total);
        if (TotalBytes is not null)
        {
            fields.Field("dropped-bytes", DroppedBytes);
            fields.Field("total-bytes", TotalBytes);
        }
    }
}

/// <summary><c>logs-write-failed</c>: a log file could not be written (once per episode).</summary>
public sealed record LogsWriteFailedEvent(string Stream, string Path, string Error) : EventPayload
{
    public override string Name => LogEventNames.WriteFailed;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("stream", Stream);
        fields.Field("path", Path);
        fields.Field("error", Error);
    }
}

/// <summary><c>logs-write-recovered</c>: the log file is written again.</summary>
public sealed record LogsWriteRecoveredEvent(string Stream, string Path) : EventPayload
{
    public override string Name => LogEventNames.WriteRecovered;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("stream", Stream);
        fields.Field("path", Path);
    }
}

/// <summary><c>logs-ship-failed</c>: the syslog target failed (once per episode).</summary>
public sealed record LogsShipFailedEvent(string Target, string Error) : EventPayload
{
    public override string Name => LogEventNames.ShipFailed;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("target", Target);
        fields.Field("error", Error);
    }
}

/// <summary><c>logs-ship-recovered</c>: the syslog target accepts messages again.</summary>
public sealed record LogsShipRecoveredEvent(string Target) : EventPayload
{
    public override string Name => LogEventNames.ShipRecovered;

    public override void Project(EventFieldWriter fields) => fields.Field("target", Target);
}
