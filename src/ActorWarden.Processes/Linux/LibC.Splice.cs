using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>splice(2): the log path's zero-copy move from a child's pipe to its log file.</summary>
internal static unsafe partial class LibC
{
    public const int EINVAL = 22;
    public const int ESPIPE = 29;
    public const uint SPLICE_F_MOVE = 1;
    public const uint SPLICE_F_NONBLOCK = 2;

    [LibraryImport(Lib, EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);
}
