using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The read end of a child's stdout or stderr pipe, read through the runtime's epoll-based socket
/// engine (which accepts pipe fds): truly asynchronous, no thread per pipe, and, unlike
/// <see cref="System.IO.Pipes.AnonymousPipeClientStream"/>, no allocation per read that has to wait:
/// <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/> reuses one awaitable.
/// A child flooding its stdout makes the warden wait for the pipe tens of thousands of times a second.
/// Read errors surface as <see cref="SocketException"/>, as from any socket stream. The log path may
/// also move the pipe's bytes straight into its file (<see cref="ISplicePipe"/>), between two reads.
/// </summary>
internal sealed class PipeReadStream : Stream, ISplicePipe
{
    private readonly Socket _pipe;
    private readonly SafeSocketHandle _handle;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="handle"/>, an fd of a pipe's read end.</summary>
    public PipeReadStream(SafeSocketHandle handle)
    {
        _handle = handle;
        _pipe = new Socket(handle);
    }

    /// <summary>False once disposed, as for other streams.</summary>
    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => _pipe.Receive(buffer, SocketFlags.None);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _pipe.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    /// <inheritdoc />
    public unsafe long SpliceTo(SafeFileHandle file, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var pipeAdded = false;
        var fileAdded = false;
        try
        {
            _handle.DangerousAddRef(ref pipeAdded);
            file.DangerousAddRef(ref fileAdded);
            var pipeFd = (int)_handle.DangerousGetHandle();
            var fileFd = (int)file.DangerousGetHandle();
            while (true)
            {
                var at = offset;
                var moved = LibC.Splice(pipeFd, null, fileFd, &at, (nuint)count, LibC.SPLICE_F_MOVE | LibC.SPLICE_F_NONBLOCK);
                if (moved >= 0)
                {
                    return moved;
                }

                var errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case LibC.EINTR:
                        continue;
                    case LibC.EAGAIN:
                        return -1;
                    case LibC.EINVAL or LibC.ESPIPE:
                        throw new NotSupportedException($"splice(2) into this file is not supported ({Marshal.GetPInvokeErrorMessage(errno)}).");
                    default:
                        throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
                }
            }
        }
        finally
        {
            if (fileAdded)
            {
                file.DangerousRelease();
            }

            if (pipeAdded)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            _pipe.Dispose();
        }

        base.Dispose(disposing);
    }
}
