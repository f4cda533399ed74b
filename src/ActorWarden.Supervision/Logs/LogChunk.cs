using System.Buffers;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// One block of captured output in flight from a pump to its stream's writer: whole lines as the child
/// wrote them (only a line longer than <c>max-line</c>, or the last bytes before EOF, may lack its
/// newline). The bytes live in a pooled array that the writer returns, so a flood costs one array per
/// block, not one per line.
/// </summary>
internal readonly struct LogChunk
{
    public LogChunk(byte[] buffer, int length, bool terminate, int pid, DateTimeOffset timestamp, bool endOfStream = false)
    {
        Buffer = buffer;
        Length = length;
        Terminate = terminate;
        EndOfStream = endOfStream;
        Pid = pid;
        Timestamp = timestamp;
    }

    public byte[] Buffer { get; }

    public int Length { get; }

    /// <summary>The block ends inside a line (cut at <c>max-line</c>, or EOF): the writer ends it with a newline.</summary>
    public bool Terminate { get; }

    /// <summary>The last block of its stream (possibly empty): a hole left open by the rate limit is marked now, not with some later output.</summary>
    public bool EndOfStream { get; }

    public int Pid { get; }

    /// <summary>When the block was read, on the warden's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
