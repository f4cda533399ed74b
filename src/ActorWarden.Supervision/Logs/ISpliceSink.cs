using ActorWarden.Processes;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// A sink that can also take a pipe's bytes without seeing them (Linux splice(2)): the stream's writer, when
/// nothing needs lines (no syslog, no copy to the warden's log, no rate limit), only one process writes the
/// stream, and the file is not about to rotate.
/// </summary>
internal interface ISpliceSink : ILogChunkSink
{
    /// <summary>
    /// Whether the pump of <paramref name="pid"/> may hand over a block that ends inside a line (its
    /// <paramref name="pending"/> bytes as they are, nothing carried), because it will splice next.
    /// A hint read without waiting for the writer's turn; <see cref="SpliceAsync"/> checks again.
    /// </summary>
    bool CanSplice(int pid, long pending);

    /// <summary>
    /// Bytes left before the file rotates, as far as known without waiting for the writer's turn (unbounded when
    /// the stream is never spliced): a pump reading the last stretch before a rotation reads no more than that,
    /// so that splicing resumes right after the rotation.
    /// </summary>
    long RoomBeforeRotation { get; }

    /// <summary>Moves what is in <paramref name="pipe"/> now to the file, without waiting for more.</summary>
    ValueTask<SpliceStep> SpliceAsync(ISplicePipe pipe, int pid, CancellationToken cancellationToken);
}

/// <summary>What one splice did.</summary>
internal enum SpliceOutcome
{
    /// <summary>Bytes went from the pipe to the file.</summary>
    Moved,

    /// <summary>The pipe is empty for now: wait for it by reading.</summary>
    Empty,

    /// <summary>Every write end is closed and the pipe is empty.</summary>
    EndOfStream,

    /// <summary>Splicing is not possible now (lines are needed, another process writes the stream, the file is near its rotation, a write failed): read instead.</summary>
    NotNow,
}

/// <summary>The outcome of one splice and the bytes it moved.</summary>
internal readonly record struct SpliceStep(SpliceOutcome Outcome, long Bytes)
{
    public static SpliceStep NotNow { get; } = new(SpliceOutcome.NotNow, 0);
}
