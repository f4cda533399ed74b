using System.Buffers;
using System.Threading.Channels;
using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Drains one child stream until EOF and hands it to the stream's writer in blocks of whole lines. The
/// hand-off waits when the writer is behind: the pump then stops reading, the pipe fills and the child
/// blocks in write(2) until the disk catches up. That is the back-pressure supervisord gets by simply
/// reading when it can, and why nothing is lost on the way to the file.
/// </summary>
/// <remarks>
/// <para>No per-line work happens here: one read, one search for the last newline, and the block goes
/// on. The partial line after that newline is carried into the next block (so blocks of two processes
/// writing the same file never interleave inside a line), up to <c>max-line</c> bytes; a longer line
/// is passed on in pieces to bound memory. Blocks start small (an idle or quiet child holds 4 KiB) and
/// grow to 256 KiB while reads keep filling them.</para>
/// <para>The pump owns the stream and disposes it at EOF: whatever the child wrote before exiting is
/// still in the pipe when the exit is observed, and only the reader knows when it has all been read.</para>
/// </remarks>
internal static class OutputPump
{
    internal const int MinBlock = 4 * 1024;
    internal const int MaxBlock = 256 * 1024;

    /// <summary>Blocks handed over between two yields to the thread pool, so a flood cannot hold a pool thread for long.</summary>
    private const int BlocksPerYield = 8;

    /// <summary>
    /// Runs until EOF or a read error (a closed or broken pipe counts as EOF). A null
    /// <paramref name="target"/> discards the output: logs are disabled, but the pipe must still be drained.
    /// </summary>
    public static async Task RunAsync(Stream stream, ChannelWriter<LogChunk>? target, int maxLineBytes, int pid, ITimeProvider clock, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var size = MinBlock;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var filled = 0;
        var handedOver = 0;
        try
        {
            while (true)
            {
                var read = await ReadAsync(stream, buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (target is null)
                {
                    if (read == 0)
                    {
                        return;
                    }

                    continue;
                }

                if (read == 0)
                {
                    var last = new LogChunk(buffer, filled, terminate: filled > 0, pid, clock.UtcNow, endOfStream: true);
                    buffer = null;
                    await HandOverAsync(target, last, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var filledUp = filled + read == buffer.Length;
                filled += read;
                size = filledUp ? Math.Min(size * 2, MaxBlock) : read < size / 4 ? Math.Max(size / 2, MinBlock) : size;
                var cut = BlockEnd(buffer.AsSpan(0, filled), maxLineBytes);
                if (cut == 0)
                {
                    if (filledUp)
                    {
                        buffer = Carry(buffer, 0, filled, size);
                    }

                    continue;
                }

                var next = Carry(buffer, cut, filled, size);
                var chunk = new LogChunk(buffer, cut, terminate: false, pid, clock.UtcNow);
                buffer = next;
                filled -= cut;
                if (!await HandOverAsync(target, chunk, cancellationToken).ConfigureAwait(false))
                {
                    target = null;
                }

                if (++handedOver % BlocksPerYield == 0)
                {
                    await Task.Yield();
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How much of <paramref name="data"/> to hand over now: through its last newline, or all of it
    /// (cut before a torn UTF-8 character) when the unfinished line has reached <paramref name="maxLineBytes"/>;
    /// 0 when only an unfinished, shorter line is there.
    /// </summary>
    internal static int BlockEnd(ReadOnlySpan<byte> data, int maxLineBytes)
    {
        var cut = data.LastIndexOf((byte)'\n') + 1;
        if (data.Length - cut < maxLineBytes)
        {
            return cut;
        }

        return LineSplitter.Utf8CutPoint(data);
    }

    private static async ValueTask<int> ReadAsync(Stream stream, Memory<byte> into, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(into, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            return 0;
        }
    }

    /// <summary>
    /// A fresh buffer for the next read, starting with the carried bytes <c>[from, to)</c> of
    /// <paramref name="old"/>, with room for at least one more small read. <paramref name="old"/> goes back
    /// to the pool when nothing of it is handed over (<paramref name="from"/> = 0).
    /// </summary>
    private static byte[] Carry(byte[] old, int from, int to, int size)
    {
        var carried = to - from;
        var fresh = ArrayPool<byte>.Shared.Rent(Math.Max(size, carried + MinBlock));
        old.AsSpan(from, carried).CopyTo(fresh);
        if (from == 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }

        return fresh;
    }

    /// <summary>Waits for room in the writer's queue (this is the back-pressure); false when the writer is gone.</summary>
    private static async ValueTask<bool> HandOverAsync(ChannelWriter<LogChunk> target, LogChunk chunk, CancellationToken cancellationToken)
    {
        try
        {
            await target.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            chunk.Return();
            return false;
        }
    }
}
