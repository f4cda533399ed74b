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
}
