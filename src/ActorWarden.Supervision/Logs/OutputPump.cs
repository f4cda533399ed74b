using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using ActorWarden.Processes;
using ActorWarden.Processes.Diagnostics;
using ActorWarden.Processes.Threading;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Drains one child stream until EOF and hands it to the stream's writer in blocks of whole lines. The
/// pump writes each block itself (no hand-off to another thread) and reads again only once it is
/// written: when the disk is slow the pipe fills and the child blocks in write(2) until it catches up.
/// That is the back-pressure supervisord gets by simply reading when it can, and why nothing is lost
/// on the way to the file.
/// </summary>
/// <remarks>
/// <para>No per-line work happens here: one read, one search for the last newline, and the block goes
/// on. The partial line after that newline is carried into the next block (so blocks of two processes
/// writing the same file never interleave inside a line), up to <c>max-line</c> bytes; a longer line
/// is passed on in pieces to bound memory. Blocks start small (an idle or quiet child holds 4 KiB) and
/// grow up to <c>logs.buffer</c> (1 MiB, the pipe's size) while reads keep filling them: a flood costs
/// a few syscalls per MiB.</para>
/// <para>When the stream is a pipe and the writer needs no lines (<see cref="ISpliceSink"/>), the pump
/// splices instead of reading: the kernel moves each pipe-full into the file, the warden neither copies
/// nor holds it. It falls back to reading to wait for a quiet pipe (a read that completes is written as
/// it is, and splicing resumes) and for the last stretch before each rotation.</para>
/// <para>The pump owns the stream and disposes it at EOF: whatever the child wrote before exiting is
/// still in the pipe when the exit is observed, and only the reader knows when it has all been read.</para>
/// </remarks>
internal static class OutputPump
{
    internal const int MinBlock = 4 * 1024;

    private static readonly Stage PumpStage = StageCosts.Register("output pump");

    /// <summary>A read this big that still emptied the pipe means the child is flooding it.</summary>
    private const int FloodRead = 32 * 1024;

    /// <summary>
    /// How long a flooded pipe is left to fill before the next read. Not the actor system's scheduler:
    /// its 10 ms tick would let a 1 MiB pipe fill up several times over. This paces I/O, it decides nothing.
    /// </summary>
    private static readonly TimeSpan FloodPause = TimeSpan.FromMilliseconds(1);

    private static readonly TimeSpan MinPause = TimeSpan.FromMilliseconds(0.2);

    /// <summary>
    /// The smallest pipe a spliced flood pauses on. Even the shortest pause lets a quarter of it in only at
    /// 1.3 GB/s and more; a smaller pipe (the kernel's 64 KiB, or 8 KiB past the user's pipe-user-pages-soft)
    /// would cap the child's output, so the pump waits for the pipe to be readable instead, as supervisord does.
    /// </summary>
    internal const long MinPausedPipe = 256 * 1024;

    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(2);

    /// <summary>Bytes spliced between two yields: a splice costs the pump little, and a yield moves it off the pipes' thread.</summary>
    private const long SplicedPerYield = 4 * BytesPerYield;

    /// <summary>Bytes moved between two yields to the thread pool, so a flood cannot hold a pool thread for long.</summary>
    private const long BytesPerYield = 1024 * 1024;

    /// <summary>
    /// Runs until EOF or a read error (a closed or broken pipe counts as EOF). A null
    /// <paramref name="target"/> discards the output: logs are disabled, but the pipe must still be drained.
    /// </summary>
    public static async Task RunAsync(Stream stream, ILogChunkSink? target, int maxLineBytes, int maxBlock, int pid, ITimeProvider clock, CancellationToken cancellationToken)
    {
        // Not inside the actor that starts it; on the thread that ran that actor, right after it, when that
        // thread keeps what it readies (a restart on the exit watcher's thread), else on the pool.
        await RunNext.Yield();

        // The pump's stage is open between its awaits only: a stage belongs to one thread, and an await may resume on another.
        var stage = StageCosts.Enter(PumpStage);
        maxBlock = Math.Max(maxBlock, MinBlock);
        var size = MinBlock;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var filled = 0;
        var sinceYield = 0L;
        var pipe = stream as ISplicePipe;
        var splicer = pipe is null ? null : target as ISpliceSink;
        var capacity = pipe?.Capacity ?? 0;
        var widened = false;
        var spliced = 0L;
        var woke = 0L;
        var pause = FloodPause;
        var paused = false;
        try
        {
            while (true)
            {
                if (splicer is not null && filled == 0)
                {
                    Pause(ref stage);
                    var step = await splicer.SpliceAsync(pipe!, pid, cancellationToken).ConfigureAwait(false);
                    stage = StageCosts.Enter(PumpStage);
                    switch (step.Outcome)
                    {
                        case SpliceOutcome.Moved:
                            spliced += step.Bytes;
                            sinceYield += step.Bytes;
                            if (!widened && spliced >= capacity)
                            {
                                capacity = Widen(pipe!, ref widened);
                            }

                            if (sinceYield >= SplicedPerYield)
                            {
                                sinceYield = 0;
                                Pause(ref stage);
                                await Task.Yield();
                                stage = StageCosts.Enter(PumpStage);
                            }

                            continue;
                        case SpliceOutcome.Empty:
                            // Drained after a large move, or again within a pause of the last wake-up: the child floods, so let
                            // its pipe fill for a moment rather than wake up for each of its writes. Otherwise wait for the pipe.
                            if (paused)
                            {
                                pause = NextPause(pause, spliced, capacity);
                            }

                            paused = capacity >= MinPausedPipe && (spliced >= FloodRead || Stopwatch.GetElapsedTime(woke) < pause);
                            Pause(ref stage);
                            if (paused)
                            {
                                sinceYield = 0;
                                await pipe!.PauseAsync(pause).ConfigureAwait(false);
                            }
                            else
                            {
                                await pipe!.WaitReadableAsync(cancellationToken).ConfigureAwait(false);
                            }

                            stage = StageCosts.Enter(PumpStage);

                            spliced = 0;
                            woke = Stopwatch.GetTimestamp();
                            continue;
                        case SpliceOutcome.EndOfStream:
                            var end = new LogChunk(buffer, 0, terminate: false, pid, clock.UtcNow, endOfStream: true);
                            buffer = null;
                            Pause(ref stage);
                            await target!.WriteAsync(end, cancellationToken).ConfigureAwait(false);
                            return;
                        default:
                            // NotNow: read and write blocks of lines.
                            spliced = 0;
                            break;
                    }
                }

                int read;
                Pause(ref stage);
                try
                {
                    // Awaited here, not in a helper: a helper's state machine would be allocated on every wait for the pipe.
                    read = await stream.ReadAsync(buffer.AsMemory(filled, ReadLength(buffer.Length - filled, filled, splicer)), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
                {
                    read = 0;
                }

                stage = StageCosts.Enter(PumpStage);
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
                    Pause(ref stage);
                    await target.WriteAsync(last, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (pipe is not null && !widened && read >= capacity)
                {
                    capacity = Widen(pipe, ref widened);
                }

                var filledUp = filled + read == buffer.Length;
                var flooding = !filledUp && read >= FloodRead;
                filled += read;
                size = filledUp ? Math.Min(size * 2, maxBlock) : read < size / 4 ? Math.Max(size / 2, MinBlock) : size;
                // When the next step is a splice, the block goes as it is: what follows its unfinished line comes from the same pipe.
                var cut = splicer is not null && splicer.CanSplice(pid, filled) ? filled : BlockEnd(buffer.AsSpan(0, filled), maxLineBytes);
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
                Pause(ref stage);
                await target.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                stage = StageCosts.Enter(PumpStage);
                sinceYield += cut;
                if (flooding && splicer?.CanSplice(pid, 0) != true)
                {
                    // (A stream that is spliced next pauses there instead, for as long as its flood needs.)
                    // The child writes faster than a wake-up per write is worth: let its pipe fill for a moment
                    // and take the next block whole. A read that has to wait costs a hand-off between threads,
                    // which is most of the CPU of a flood; a pause costs one timer per block instead.
                    sinceYield = 0;
                    Pause(ref stage);
                    await Task.Delay(FloodPause, cancellationToken).ConfigureAwait(false);
                    stage = StageCosts.Enter(PumpStage);
                }
                else if (sinceYield >= BytesPerYield)
                {
                    sinceYield = 0;
                    Pause(ref stage);
                    await Task.Yield();
                    stage = StageCosts.Enter(PumpStage);
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            Pause(ref stage);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the pump's stage before an await; the default scope it leaves behind closes nothing twice.</summary>
    private static void Pause(ref StageScope stage)
    {
        stage.Dispose();
        stage = default;
    }

    /// <summary>The pipe was found full: it gets as wide as the warden may make it, asked once per stream.</summary>
    private static long Widen(ISplicePipe pipe, ref bool widened)
    {
        widened = true;
        pipe.Widen();
        return pipe.Capacity;
    }

    /// <summary>
    /// The next pause of a spliced flood: the last one scaled by how far the bytes it let in
    /// (<paramref name="moved"/>) were from a quarter of the pipe's <paramref name="capacity"/>, so that a late
    /// wake-up still finds room and the child does not block on a full pipe; halfway, within 0.2-2 ms.
    /// </summary>
    internal static TimeSpan NextPause(TimeSpan last, long moved, long capacity)
    {
        var scaled = last.Ticks * (capacity / 4) / Math.Max(moved, 1);
        return TimeSpan.FromTicks(Math.Clamp((last.Ticks + Math.Min(scaled, MaxPause.Ticks)) / 2, MinPause.Ticks, MaxPause.Ticks));
    }

    /// <summary>
    /// How much to read into the <paramref name="space"/> left after <paramref name="filled"/> bytes: all of it,
    /// but for a spliced stream no more than what takes its file to the rotation, after which splicing resumes.
    /// </summary>
    private static int ReadLength(int space, int filled, ISpliceSink? splicer)
    {
        if (splicer is null)
        {
            return space;
        }

        var room = splicer.RoomBeforeRotation - filled + MinBlock;
        return room >= space ? space : (int)Math.Max(room, Math.Min(MinBlock, space));
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
}
