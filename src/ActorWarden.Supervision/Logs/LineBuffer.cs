using System.Threading.Channels;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// The bounded hand-off between the pumps of one stream and its writer. Adding never waits: when the
/// writer falls behind (slow or full disk) lines are dropped and counted, because the alternative,
/// not reading the child's pipe, would block the child on its next write to stdout.
/// </summary>
/// <remarks>
/// Two bounds hold at once: <c>capacity</c> lines and <c>maxBytes</c> bytes, so a flood of long lines
/// cannot turn buffer-lines × max-line into hundreds of megabytes.
/// </remarks>
internal sealed class LineBuffer
{
    private const int PerLineOverhead = 64;

    private readonly Channel<LogLine> _channel;
    private readonly long _maxBytes;
    private long _queuedBytes;
    private long _dropped;

    public LineBuffer(int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _maxBytes = maxBytes;
        _channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Lines dropped because the buffer was full, since creation.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Bytes currently queued (line bytes plus a fixed per-line overhead).</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public ChannelReader<LogLine> Reader => _channel.Reader;

    /// <summary>Queues a copy of <paramref name="line"/>, or counts it as dropped. Never blocks.</summary>
    public bool TryAdd(ReadOnlySpan<byte> line, int pid, DateTimeOffset timestamp)
    {
        var cost = line.Length + PerLineOverhead;
        if (Interlocked.Add(ref _queuedBytes, cost) > _maxBytes)
        {
            Interlocked.Add(ref _queuedBytes, -cost);
            Interlocked.Increment(ref _dropped);
            return false;
        }

        var copy = LogLine.Copy(line, pid, timestamp);
        if (_channel.Writer.TryWrite(copy))
        {
            return true;
        }

        copy.Return();
        Interlocked.Add(ref _queuedBytes, -cost);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Gives a consumed line's memory back.</summary>
    public void Release(LogLine line)
    {
        Interlocked.Add(ref _queuedBytes, -(line.Length + PerLineOverhead));
        line.Return();
    }

    /// <summary>No more lines will be added; the reader ends after draining.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
