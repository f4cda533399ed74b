using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>The libc entry points for resource limits and account lookups by uid.</summary>
internal static unsafe partial class LibC
{
    public const int RLIMIT_CORE = 4;
    public const int RLIMIT_NPROC = 6;
    public const int RLIMIT_NOFILE = 7;
    public const int RLIMIT_MEMLOCK = 8;

    [LibraryImport(Lib, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, RLimit* limit);

    [LibraryImport(Lib, EntryPoint = "getpwuid")]
    public static partial IntPtr GetPwUid(uint uid);

    /// <summary>struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; } (RLIM_INFINITY = all ones).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }
}
