using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ActorWarden.Cluster.Tests.Partition;

/// <summary>
/// Drops every packet sent or received by a socket of one cgroup2 subtree: a BPF_PROG_TYPE_CGROUP_SKB
/// program that returns 0 ("drop"; <c>mov64 r0, 0; exit</c>) attached at inet ingress and egress with
/// bpf(2). The cut is at the kernel's IP layer, so the cut-off process keeps running (unlike SIGSTOP)
/// and loopback traffic of every other process is untouched. A socket belongs to the group its
/// process was in when it opened it, so the process must run in the group from its start.
/// Disposing detaches both programs: the partition heals (removing the group would detach them too).
/// </summary>
internal sealed partial class CgroupTrafficCut : IDisposable
{
    private const int BpfProgLoad = 5;
    private const int BpfProgAttach = 8;
    private const int BpfProgDetach = 9;
    private const int BpfProgTypeCgroupSkb = 8;
    private const int AttachInetIngress = 0;
    private const int AttachInetEgress = 1;
    private const int AttrSize = 128;
    private const int OpenReadOnlyCloseOnExec = 0x80000;

    private static readonly int[] AttachTypes = [AttachInetIngress, AttachInetEgress];

    private readonly int _cgroupFd;
    private readonly int _programFd;
    private readonly List<int> _attached = new();
    private bool _disposed;

    private CgroupTrafficCut(int cgroupFd, int programFd)
    {
        _cgroupFd = cgroupFd;
        _programFd = programFd;
    }

    /// <summary>Cuts the traffic of every socket of <paramref name="cgroupDirectory"/> and its descendants until disposed.</summary>
    /// <exception cref="InvalidOperationException">The kernel refused (no root, no cgroup2, BPF disabled); the message has errno and the verifier's log.</exception>
    public static CgroupTrafficCut Attach(string cgroupDirectory)
    {
        var cgroupFd = Open(cgroupDirectory, OpenReadOnlyCloseOnExec);
        if (cgroupFd < 0)
        {
            throw new InvalidOperationException($"cannot open cgroup {cgroupDirectory}: errno {Marshal.GetLastPInvokeError()}");
        }

        int programFd;
        try
        {
            programFd = LoadDropProgram();
        }
        catch
        {
            Close(cgroupFd);
            throw;
        }

        var cut = new CgroupTrafficCut(cgroupFd, programFd);
        try
        {
            foreach (var type in AttachTypes)
            {
                cut.Call(BpfProgAttach, type, $"attach the drop program to {cgroupDirectory}");
                cut._attached.Add(type);
            }
        }
        catch
        {
            cut.Dispose();
            throw;
        }

        return cut;
    }

    /// <summary>Detaches both programs (the partition heals) and closes the descriptors; safe to call twice.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        InvalidOperationException? failed = null;
        try
        {
            foreach (var type in _attached)
            {
                try
                {
                    Call(BpfProgDetach, type, "detach the drop program");
                }
                catch (InvalidOperationException e)
                {
                    failed ??= e;
                }
            }
        }
        finally
        {
            Close(_programFd);
            Close(_cgroupFd);
        }

        if (failed is not null)
        {
            throw failed;
        }
    }

    private static unsafe int LoadDropProgram()
    {
        // Two 8-byte instructions: BPF_ALU64|BPF_MOV|BPF_K (0xb7) r0 = 0, then BPF_JMP|BPF_EXIT (0x95).
        ReadOnlySpan<byte> program = [0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];
        ReadOnlySpan<byte> license = "GPL\0"u8;
        var log = new byte[4096];
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        fixed (byte* insns = program)
        fixed (byte* lic = license)
        fixed (byte* logBuffer = log)
        {
            var span = new Span<byte>(attr, AttrSize);
            BinaryPrimitives.WriteUInt32LittleEndian(span[0..], BpfProgTypeCgroupSkb);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(program.Length / 8));
            BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)insns);
            BinaryPrimitives.WriteUInt64LittleEndian(span[16..], (ulong)lic);
            BinaryPrimitives.WriteUInt32LittleEndian(span[24..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)log.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(span[32..], (ulong)logBuffer);
            "warden_cut"u8.CopyTo(span[48..]);
            var fd = Syscall(BpfSyscallNumber, BpfProgLoad, (nint)attr, AttrSize);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                var verifier = System.Text.Encoding.ASCII.GetString(log).TrimEnd('\0');
                throw new InvalidOperationException($"bpf(BPF_PROG_LOAD) of the drop program failed: errno {errno} (root and a kernel with BPF cgroup programs are needed); verifier: {verifier}");
            }

            return (int)fd;
        }
    }

    private unsafe void Call(int command, int attachType, string what)
    {
        var attr = stackalloc byte[AttrSize];
        var span = new Span<byte>(attr, AttrSize);
        span.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(span[0..], (uint)_cgroupFd);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)_programFd);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)attachType);
        if (Syscall(BpfSyscallNumber, command, (nint)attr, AttrSize) < 0)
        {
            throw new InvalidOperationException($"bpf() failed to {what} (attach type {attachType}): errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static long BpfSyscallNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 321,
        Architecture.Arm64 => 280,
        var other => throw new PlatformNotSupportedException($"no bpf(2) syscall number known for {other}"),
    };

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long command, nint attr, long size);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
