using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>The libc entry point for counting the warden's open descriptors.</summary>
internal static unsafe partial class LibC
{
    public const int EMFILE = 24;
    public const int AT_FDCWD = -100;
    public const int STATX_SIZE = 0x200;

    /// <summary>Bytes of struct statx (the kernel's ABI, the same on every architecture).</summary>
    public const int StatxBytes = 256;

    /// <summary>Offset of <c>stx_size</c> in struct statx.</summary>
    public const int StatxSizeOffset = 40;

    [LibraryImport(Lib, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
