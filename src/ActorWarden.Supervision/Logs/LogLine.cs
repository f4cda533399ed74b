using System.Buffers;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// One captured line in flight between a pump and its writer. The bytes live in a pooled array (returned
/// by <see cref="LineBuffer.Release"/>) so a chatty child does not churn the GC with a string per line.
/// </summary>
internal readonly struct LogLine
{
    public LogLine(byte[] buffer, int length, int pid, DateTimeOffset timestamp)
    {
        Buffer = buffer;
        Length = length;
        Pid = pid;
        Timestamp = timestamp;
    }

    public byte[] Buffer { get; }

    public int Length { get; }

    public int Pid { get; }

    /// <summary>When the line was read, on the warden's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

    public static LogLine Copy(ReadOnlySpan<byte> bytes, int pid, DateTimeOffset timestamp)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(buffer);
        return new LogLine(buffer, bytes.Length, pid, timestamp);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
