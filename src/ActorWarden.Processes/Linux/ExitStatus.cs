using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>Reaps through a pidfd with waitid(P_PIDFD) and turns siginfo_t into a <see cref="ProcessExit"/>.</summary>
internal static unsafe class ExitStatus
{
    // siginfo_t on 64-bit Linux: si_signo@0, si_errno@4, si_code@8, then the SIGCHLD union at 16: si_pid@16, si_uid@20, si_status@24.
    private const int CodeOffset = 8;
    private const int PidOffset = 16;
    private const int StatusOffset = 24;

    /// <summary>The outcome of a reap attempt.</summary>
    internal enum ReapResult
    {
        Reaped,
        NotExited,
        NotOurChild,
    }

    /// <summary>Reaps the process behind <paramref name="pidfd"/>; only our own children can be reaped (otherwise <see cref="ReapResult.NotOurChild"/>).</summary>
    public static ReapResult TryReap(int pidfd, bool block, out ProcessExit exit)
    {
        exit = ProcessExit.Unknown;
        var siginfo = stackalloc byte[LibC.OpaqueBufferSize];
        while (true)
        {
            new Span<byte>(siginfo, 128).Clear();
            var result = LibC.WaitId(LibC.P_PIDFD, pidfd, siginfo, LibC.WEXITED | (block ? 0 : LibC.WNOHANG));
            if (result == 0)
            {
                if (*(int*)(siginfo + PidOffset) == 0)
                {
                    return ReapResult.NotExited;
                }

                exit = Decode(*(int*)(siginfo + CodeOffset), *(int*)(siginfo + StatusOffset));
                return ReapResult.Reaped;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                return ReapResult.NotOurChild;
            }
        }
    }

    public static ProcessExit Decode(int code, int status) => code switch
    {
        LibC.CLD_EXITED => new ProcessExit(status, null, false),
        LibC.CLD_KILLED => new ProcessExit(null, status, false),
        LibC.CLD_DUMPED => new ProcessExit(null, status, true),
        _ => ProcessExit.Unknown,
    };
}
