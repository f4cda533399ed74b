using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>The calls of the output path: non-blocking reads of a child's pipe and splice(2), its zero-copy move into the log file.</summary>
internal static unsafe partial class LibC
{
    public const int EINVAL = 22;
    public const int ESPIPE = 29;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_GETPIPE_SZ = 1032;
    public const int O_NONBLOCK = 0x800;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLONESHOT = 1u << 30;
    public const int EPOLL_CTL_MOD = 3;
    public const uint SPLICE_F_MOVE = 1;
    public const uint SPLICE_F_NONBLOCK = 2;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    /// <summary>epoll_wait with a nanosecond timeout (Linux 5.11, glibc 2.35): a flood's pause is shorter than a millisecond.</summary>
    [LibraryImport(Lib, EntryPoint = "epoll_pwait2", SetLastError = true)]
    public static partial int EpollPwait2(int epfd, byte* events, int maxEvents, Timespec* timeout, IntPtr sigmask);

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);

    /// <summary>
    /// splice(2) from the pipe <paramref name="fdIn"/>, called again when a signal interrupted it before it moved
    /// anything: the bytes moved (0 at the pipe's end), or -1 with <paramref name="errno"/> set.
    /// </summary>
    public static long SpliceFromPipe(int fdIn, int fdOut, long* offOut, long length, out int errno)
    {
        while (true)
        {
            var moved = Splice(fdIn, null, fdOut, offOut, (nuint)length, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            errno = moved >= 0 ? 0 : Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                return moved;
            }
        }
    }

    /// <summary>What a failed splice(2) into a file means to the log path: copy instead, or the file cannot be written.</summary>
    public static Exception SpliceIntoFileError(int errno) => errno is EINVAL or ESPIPE
        ? new NotSupportedException($"splice(2) into this file is not supported: {Describe(errno)}.")
        : new IOException(Describe(errno), errno);
}
