namespace ActorWarden.Supervision.Logs;

/// <summary>Where a pump hands its blocks: the stream's writer, or a test double.</summary>
internal interface ILogChunkSink
{
    /// <summary>
    /// Takes ownership of <paramref name="chunk"/> (its buffer is returned to the pool) and completes
    /// once it has been written: the pump reads nothing more until then, which is the back-pressure.
    /// </summary>
    ValueTask WriteAsync(LogChunk chunk, CancellationToken cancellationToken);
}
