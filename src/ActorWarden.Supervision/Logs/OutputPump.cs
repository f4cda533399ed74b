using System.Buffers;
using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Drains one child stream until EOF: read, split into lines, hand each to the buffer (or discard when
/// capture is off). The loop only ever awaits the read, never the consumer, so the child's writes to
/// its pipe complete as fast as the kernel can move the bytes. The pump owns the stream and disposes it
/// at EOF: whatever the child wrote before exiting is still in the socket buffer when the exit is
/// observed, and only the reader knows when it has all been read.
/// </summary>
internal static class OutputPump
{
    private const int ReadChunk = 64 * 1024;

    /// <summary>
    /// Runs until EOF or a read error (a closed or broken pipe counts as EOF). A null
    /// <paramref name="target"/> discards lines: logs are disabled, but the pipe must still be drained.
    /// </summary>
    public static async Task RunAsync(Stream stream, LineBuffer? target, int maxLineBytes, int pid, ITimeProvider clock, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunk);
        using var splitter = new LineSplitter(maxLineBytes);
        var timestamp = default(DateTimeOffset);
        LineHandler onLine = target is null ? static _ => { } : line => target.TryAdd(line, pid, timestamp);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(chunk.AsMemory(0, ReadChunk), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
                {
                    read = 0;
                }

                if (read == 0)
                {
                    timestamp = clock.UtcNow;
                    splitter.Flush(onLine);
                    return;
                }

                timestamp = clock.UtcNow;
                splitter.Feed(chunk.AsSpan(0, read), onLine);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
