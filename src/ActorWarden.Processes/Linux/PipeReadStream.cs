using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The read end of a child's stdout or stderr pipe: non-blocking read(2), and when the pipe is empty a
/// one-shot wait on the shared <see cref="PipeReadiness"/> thread. No thread per pipe, no allocation per
/// wait, and no cost at all while nobody waits: a child flooding its stdout makes the warden wait for the
/// pipe tens of thousands of times a second if it reads as the bytes come, and the log path instead lets the
/// pipe fill or moves its bytes straight into the file (<see cref="ISplicePipe"/>). Read errors surface as
/// <see cref="IOException"/>.
/// </summary>
internal sealed class PipeReadStream : Stream, ISplicePipe
{
    private readonly SafeFileHandle _handle;
    private readonly int _fd;
    private readonly PipeReadiness.Waiter _readable;
    private bool _disposed;
    private bool _wantsRelay;
    private SpliceRelay? _relay;

    /// <summary>
    /// Takes ownership of <paramref name="handle"/>, the read end of a pipe made by pipe2 without status
    /// flags (close-on-exec is a descriptor flag), and makes it non-blocking: O_NONBLOCK is then its only
    /// status flag, so it is set without reading the others first.
    /// </summary>
    public PipeReadStream(SafeFileHandle handle)
    {
        _handle = handle;
        _fd = (int)handle.DangerousGetHandle();
        if (LibC.Fcntl(_fd, LibC.F_SETFL, LibC.O_NONBLOCK) < 0)
        {
            throw new IOException($"cannot make pipe {_fd} non-blocking: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        var capacity = LibC.Fcntl(_fd, LibC.F_GETPIPE_SZ, 0);
        Capacity = capacity > 0 ? capacity : DefaultPipeBytes;

        _readable = PipeReadiness.Instance.For(_fd);
    }

    private const int FloodPipeBytes = 4 * 1024 * 1024;

    /// <summary>The default /proc/sys/fs/pipe-max-size, what an unprivileged warden may ask for.</summary>
    private const int UnprivilegedPipeBytes = 1024 * 1024;

    /// <summary>Linux's pipe size when F_GETPIPE_SZ cannot say.</summary>
    private const int DefaultPipeBytes = 64 * 1024;

    /// <inheritdoc />
    public long Capacity { get; private set; }

    /// <inheritdoc />
    /// <remarks>
    /// HOOK(logperf): a flood is spliced a pipe-full per wake-up, so the pipe is the slack for the warden's
    /// wake-up latency on a loaded machine. Above /proc/sys/fs/pipe-max-size (1 MiB unless raised) only a
    /// privileged warden may; an unprivileged one gets that much. F_SETPIPE_SZ returns the size it set.
    /// </remarks>
    public void Widen()
    {
        _wantsRelay = _relay is null;
        foreach (var size in (ReadOnlySpan<int>)[FloodPipeBytes, UnprivilegedPipeBytes])
        {
            if (Capacity >= size)
            {
                return;
            }

            if (LibC.Fcntl(_fd, LibC.F_SETPIPE_SZ, size) is var widened and > 0)
            {
                Capacity = widened;
                return;
            }
        }
    }

    /// <summary>False once disposed, as for other streams.</summary>
    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        while (true)
        {
            var read = TryRead(buffer);
            if (read >= 0)
            {
                return read;
            }

            var poll = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
            LibC.Poll(&poll, 1, -1);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var read = TryRead(buffer.Span);
            if (read >= 0)
            {
                return read;
            }

            await _readable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask WaitReadableAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _relay is { Held: > 0 } ? ValueTask.CompletedTask : _readable.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask PauseAsync(TimeSpan pause)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _readable.PauseAsync(pause);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Once the pipe was found full (<see cref="Widen"/>), its bytes go through a <see cref="SpliceRelay"/>, so
    /// that the child's writes do not wait on the pipe's lock while the file is written. A quiet stream splices
    /// directly and costs no descriptors more.
    /// </remarks>
    public unsafe long SpliceTo(SafeFileHandle file, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            var fileFd = (int)file.DangerousGetHandle();
            if (_wantsRelay)
            {
                // Asked once: a warden short of descriptors splices directly.
                _wantsRelay = false;
                _relay = SpliceRelay.TryOpen();
            }

            if (_relay is not null)
            {
                return _relay.Move(_fd, fileFd, offset, count);
            }

            var at = offset;
            var moved = LibC.SpliceFromPipe(_fd, fileFd, &at, count, out var errno);
            return moved >= 0 ? moved : errno == LibC.EAGAIN ? -1 : throw LibC.SpliceIntoFileError(errno);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _readable.Close();
            _relay?.Dispose();
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>One non-blocking read: the bytes read, 0 at EOF, -1 when the pipe is empty for now.</summary>
    private unsafe int TryRead(Span<byte> buffer)
    {
        if (_relay is { Held: > 0 } relay)
        {
            return relay.Read(buffer);
        }

        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var read = LibC.Read(_fd, bytes, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                return errno == LibC.EAGAIN ? -1 : throw new IOException($"reading pipe {_fd}: {LibC.Describe(errno)}", errno);
            }
        }
    }
}
