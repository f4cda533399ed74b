using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// A file the kernel writes as it is read (a cgroup's cgroup.events or cpu.stat, a thread's children
/// list, a cgroup directory), opened once and then read from offset 0 each time. Kernfs and procfs
/// regenerate such a file's text at every read from its start, so one pread(2) gives what an open, a
/// read and a close gave, without the path walk and the allocations of the open and the release of
/// the close (four of them per restart were about a tenth of the warden's CPU in a perf profile).
/// </summary>
/// <remarks>
/// Reads may come from several threads and race <see cref="Dispose"/>: the handle is a SafeHandle, so
/// a close waits for a read in flight, and a read that finds the file closed reads it by its path.
/// A file that does not exist yet (or any more) is not kept: each read tries to open it again.
/// </remarks>
internal sealed class KeptOpenFile : IDisposable
{
    private readonly int _flags;
    private SafeFileHandle? _handle;
    private volatile bool _disposed;

    public KeptOpenFile(string path, int flags = LibC.O_RDONLY)
    {
        Path = path;
        _flags = flags | LibC.O_CLOEXEC;
    }

    public string Path { get; }

    /// <summary>The file's text from its start into <paramref name="buffer"/>: the length read, or -1 when it cannot be opened or read (its group is gone: ENOENT, or ENODEV once removed).</summary>
    public unsafe int Read(Span<byte> buffer)
    {
        var handle = Handle();
        if (handle is null)
        {
            return _disposed ? ReadOnce(buffer) : -1;
        }

        try
        {
            var total = 0;
            fixed (byte* start = buffer)
            {
                while (total < buffer.Length)
                {
                    var read = LibC.PRead(handle, start + total, (nuint)(buffer.Length - total), total);
                    if (read < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR)
                    {
                        continue;
                    }

                    if (read < 0)
                    {
                        return -1;
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    total += (int)read;
                }
            }

            return total;
        }
        catch (ObjectDisposedException)
        {
            return ReadOnce(buffer);
        }
    }

    /// <summary>Opens the file now rather than at its first read, so that its descriptor is there from the start (one held for the process's life).</summary>
    public KeptOpenFile OpenNow()
    {
        Handle();
        return this;
    }

    /// <summary>
    /// The open handle with a reference added for the caller, who passes its descriptor on and then
    /// calls <see cref="Release"/>; null when the file cannot be opened (the caller opens it itself).
    /// </summary>
    public SafeFileHandle? Acquire()
    {
        var handle = Handle();
        if (handle is null)
        {
            return null;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        return added ? handle : null;
    }

    /// <summary>Gives back what <see cref="Acquire"/> took.</summary>
    public static void Release(SafeFileHandle handle) => handle.DangerousRelease();

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _handle, null)?.Dispose();
    }

    private SafeFileHandle? Handle()
    {
        if (Volatile.Read(ref _handle) is { } kept)
        {
            return kept;
        }

        if (_disposed)
        {
            return null;
        }

        var fd = LibC.Open(Path, _flags);
        if (fd < 0)
        {
            return null;
        }

        var opened = new SafeFileHandle(fd, ownsHandle: true);
        if (Interlocked.CompareExchange(ref _handle, opened, null) is { } other)
        {
            // Another thread opened it first: keep theirs.
            opened.Dispose();
            return other;
        }

        if (_disposed)
        {
            // Disposed while this thread opened it: this thread's read still uses it, nobody keeps it.
            Interlocked.Exchange(ref _handle, null)?.Dispose();
        }

        return opened;
    }

    /// <summary>Open, read, close: for a file read after it was given up.</summary>
    private int ReadOnce(Span<byte> buffer)
    {
        using var once = new KeptOpenFile(Path, _flags & ~LibC.O_CLOEXEC);
        return once.Read(buffer);
    }
}
