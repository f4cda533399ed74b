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
/// A file that does not exist yet (or any more) is not kept, nor one the descriptor budget cannot spare
/// (<see cref="DescriptorBudget.TryKeep"/>): such reads open, read and close as before.
/// </remarks>
internal sealed class KeptOpenFile : IDisposable
{
    private readonly int _flags;
    private readonly bool _inOnePiece;
    private SafeFileHandle? _handle;
    private volatile bool _disposed;

    /// <param name="path">The file.</param>
    /// <param name="flags">open(2) flags; close-on-exec is always added.</param>
    /// <param name="inOnePiece">
    /// The kernel writes the file's whole text at once, as for a cgroup's own files: a read that leaves room
    /// in the buffer then has all of it, and no second read looks for the end. That read would make the
    /// kernel write the text again; for cpu.stat, flushing the group's CPU time once more.
    /// </param>
    public KeptOpenFile(string path, int flags = LibC.O_RDONLY, bool inOnePiece = false)
    {
        Path = path;
        _flags = flags | LibC.O_CLOEXEC;
        _inOnePiece = inOnePiece;
    }

    public string Path { get; }

    /// <summary>The file's text from its start into <paramref name="buffer"/>: the length read, or -1 when it cannot be opened or read (its group is gone: ENOENT, or ENODEV once removed).</summary>
    public int Read(Span<byte> buffer)
    {
        if (Handle() is not { } handle)
        {
            return ReadOnce(buffer);
        }

        try
        {
            return ReadFrom(handle, buffer, _inOnePiece);
        }
        catch (ObjectDisposedException)
        {
            return ReadOnce(buffer);
        }
    }

    /// <summary>
    /// Opens the file now rather than at its first read, so that when its descriptor appears is known: the
    /// children list's with the class that reads it, a group's files when the group is parked.
    /// </summary>
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
        if (Interlocked.Exchange(ref _handle, null) is { } handle)
        {
            handle.Dispose();
            DescriptorBudget.Unkeep();
        }
    }

    private SafeFileHandle? Handle()
    {
        if (Volatile.Read(ref _handle) is { } kept)
        {
            return kept;
        }

        if (_disposed || !DescriptorBudget.TryKeep())
        {
            return null;
        }

        var fd = LibC.Open(Path, _flags);
        if (fd < 0)
        {
            DescriptorBudget.Unkeep();
            return null;
        }

        var opened = new SafeFileHandle(fd, ownsHandle: true);
        if (Interlocked.CompareExchange(ref _handle, opened, null) is { } other)
        {
            // Another thread opened it first: keep theirs.
            opened.Dispose();
            DescriptorBudget.Unkeep();
            return other;
        }

        if (_disposed && Interlocked.Exchange(ref _handle, null) is { } late)
        {
            // Disposed while this thread opened it: the caller's use fails over to a read by path.
            late.Dispose();
            DescriptorBudget.Unkeep();
        }

        return opened;
    }

    /// <summary>Open, read, close: for a file that is not kept.</summary>
    private int ReadOnce(Span<byte> buffer) => ProcFs.ReadSmall(Path, buffer);

    private static unsafe int ReadFrom(SafeFileHandle handle, Span<byte> buffer, bool inOnePiece)
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
                if (inOnePiece && total < buffer.Length)
                {
                    break;
                }
            }
        }

        return total;
    }
}
