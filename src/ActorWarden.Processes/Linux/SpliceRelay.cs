using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// A pipe of the warden's own between a flooding child's pipe and its log file. splice(2) from a pipe into a
/// file holds that pipe's lock for the whole write into the page cache, and the child's next write(2) spins on
/// the lock meanwhile: under a spliced flood, <c>seq</c> spent 37-40% of its time in the kernel (mostly
/// <c>mutex_spin_on_owner</c>) and wrote 7-10% slower than under supervisord, whose read(2) holds the lock only
/// for a copy. A splice from pipe to pipe moves page references, so the child's pipe is locked for microseconds;
/// the slow write into the file then holds only the relay's lock, which no one else wants.
/// </summary>
/// <remarks>
/// Bytes taken from the child's pipe stay here until they are in the file. When the file refuses them, they are
/// what the stream reads next (<see cref="Read"/>), so the read path that takes over loses nothing and keeps order.
/// </remarks>
internal sealed unsafe class SpliceRelay : IDisposable
{
    /// <summary>
    /// As much as a hop takes: a pipe-full of a widened flood between two pauses. An unprivileged warden may ask
    /// for this much (the default pipe-max-size); past the user's pipe-user-pages-soft the relay keeps what the
    /// kernel gave it (64 KiB, or 8 KiB), and a hop takes less.
    /// </summary>
    private const int RelayBytes = 1024 * 1024;

    private readonly int _readEnd;
    private readonly int _writeEnd;
    private bool _disposed;

    private SpliceRelay(int readEnd, int writeEnd)
    {
        _readEnd = readEnd;
        _writeEnd = writeEnd;
    }

    /// <summary>Bytes taken from the child's pipe that are not in the file yet.</summary>
    public long Held { get; private set; }

    /// <summary>A new relay, or null when the warden cannot spare two descriptors for it: the pipe is then spliced directly.</summary>
    public static SpliceRelay? TryOpen()
    {
        if (!DescriptorBudget.HasSpare(2))
        {
            return null;
        }

        var fds = stackalloc int[2];
        if (LibC.Pipe2(fds, LibC.O_CLOEXEC | LibC.O_NONBLOCK) != 0)
        {
            return null;
        }

        LibC.Fcntl(fds[1], LibC.F_SETPIPE_SZ, RelayBytes);
        return new SpliceRelay(fds[0], fds[1]);
    }

    /// <summary>
    /// Moves up to <paramref name="count"/> bytes from the pipe <paramref name="source"/> (or, first, what the relay
    /// still holds) into <paramref name="file"/> at <paramref name="offset"/>.
    /// </summary>
    /// <returns>As <see cref="ISplicePipe.SpliceTo"/>.</returns>
    /// <exception cref="NotSupportedException">The file cannot take spliced data; what the relay holds is read instead.</exception>
    /// <exception cref="IOException">The file could not be written and nothing was moved; what the relay holds is read instead.</exception>
    public long Move(int source, int file, long offset, long count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Held == 0)
        {
            var taken = Take(source, count);
            if (taken <= 0)
            {
                return taken;
            }

            Held = taken;
        }

        var want = Math.Min(Held, count);
        var moved = 0L;
        while (moved < want)
        {
            var at = offset + moved;
            var written = LibC.SpliceFromPipe(_readEnd, file, &at, want - moved, out var errno);
            if (written > 0)
            {
                moved += written;
                Held -= written;
            }
            else if (moved > 0 || written == 0)
            {
                // What failed fails again on the next call, with nothing moved: reported then.
                break;
            }
            else
            {
                throw LibC.SpliceIntoFileError(errno);
            }
        }

        return moved;
    }

    /// <summary>Reads what the relay holds: the oldest bytes of the stream once splicing gave up on the file.</summary>
    public int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var read = LibC.Read(_readEnd, bytes, (nuint)Math.Min(buffer.Length, Held));
                if (read > 0)
                {
                    Held -= read;
                    return (int)read;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (read < 0 && errno == LibC.EINTR)
                {
                    continue;
                }

                throw new IOException($"reading the splice relay: {(read == 0 ? "it is empty" : LibC.Describe(errno))} with {Held} bytes held", errno);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        LibC.Close(_readEnd);
        LibC.Close(_writeEnd);
    }

    /// <summary>Moves what the child's pipe holds now, up to <paramref name="count"/> bytes, into the relay: bytes, 0 at EOF, -1 when empty.</summary>
    private long Take(int source, long count)
    {
        var taken = LibC.SpliceFromPipe(source, _writeEnd, null, Math.Min(count, RelayBytes), out var errno);
        return taken >= 0 ? taken : errno == LibC.EAGAIN ? -1 : throw new IOException($"reading pipe {source}: {LibC.Describe(errno)}", errno);
    }
}
