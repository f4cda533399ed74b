using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// One posix_spawn call: the child leads a new session (POSIX_SPAWN_SETSID), starts with default
/// signal dispositions and an empty signal mask (the runtime ignores SIGPIPE, which children must
/// not inherit), stdin from /dev/null, stdout/stderr into pipes or /dev/null, and an explicit environment.
/// Pipes, not sockets, as under supervisord and PM2: a child may open <c>/dev/stdout</c> (nginx's
/// <c>access_log /dev/stdout</c>), which fails with ENXIO when fd 1 is a socket. glibc's posix_spawn uses CLONE_VFORK and reports chdir/exec failures as its return value.
/// </summary>
internal static unsafe class PosixSpawner
{
    /// <summary>The outcome of a spawn: the pid and the read ends of the output pipes (-1 when not captured).</summary>
    internal readonly record struct Spawned(int Pid, int StdoutFd, int StderrFd);

    /// <summary>
    /// Spawns; returns the errno from posix_spawn (0 on success) rather than throwing, so the caller
    /// can phrase the error. A <paramref name="gateFd"/> other than -1 becomes the child's fd 3 (the
    /// read end of the <see cref="SpawnGate"/> pipe).
    /// </summary>
    public static int Spawn(string path, IReadOnlyList<string> argv, NativeStringArray envp, string? workingDirectory, bool captureOutput, out Spawned spawned, int gateFd = -1)
    {
        spawned = new Spawned(-1, -1, -1);
        var pipes = OutputPipes.None;
        var attributes = Marshal.AllocHGlobal(LibC.OpaqueBufferSize);
        var fileActions = Marshal.AllocHGlobal(LibC.OpaqueBufferSize);
        var allSignals = Marshal.AllocHGlobal(LibC.OpaqueBufferSize);
        var noSignals = Marshal.AllocHGlobal(LibC.OpaqueBufferSize);
        var attributesReady = false;
        var fileActionsReady = false;
        var succeeded = false;
        try
        {
            using var nativeArgv = NativeStringArray.Of(argv);

            if (captureOutput && OutputPipes.Open(out pipes) is var pipeError and not 0)
            {
                return pipeError;
            }

            Check(LibC.PosixSpawnAttrInit(attributes));
            attributesReady = true;
            Check(LibC.SigFillSet(allSignals) == 0 ? 0 : Marshal.GetLastPInvokeError());
            Check(LibC.SigEmptySet(noSignals) == 0 ? 0 : Marshal.GetLastPInvokeError());
            Check(LibC.PosixSpawnAttrSetSigDefault(attributes, allSignals));
            Check(LibC.PosixSpawnAttrSetSigMask(attributes, noSignals));
            Check(LibC.PosixSpawnAttrSetFlags(attributes, LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK));

            Check(LibC.PosixSpawnFileActionsInit(fileActions));
            fileActionsReady = true;
            Check(LibC.PosixSpawnFileActionsAddOpen(fileActions, 0, "/dev/null", LibC.O_RDONLY, 0));
            if (captureOutput)
            {
                // [0] (read end) stays with the parent, [1] (write end) becomes the child's fd 1 / 2 (dup2 clears CLOEXEC on the copy).
                Check(LibC.PosixSpawnFileActionsAddDup2(fileActions, pipes.StdoutWrite, 1));
                Check(LibC.PosixSpawnFileActionsAddDup2(fileActions, pipes.StderrWrite, 2));
            }
            else
            {
                Check(LibC.PosixSpawnFileActionsAddOpen(fileActions, 1, "/dev/null", LibC.O_WRONLY, 0));
                Check(LibC.PosixSpawnFileActionsAddOpen(fileActions, 2, "/dev/null", LibC.O_WRONLY, 0));
            }

            if (gateFd >= 0)
            {
                Check(LibC.PosixSpawnFileActionsAddDup2(fileActions, gateFd, SpawnGate.ChildFd));
            }

            if (workingDirectory is not null)
            {
                Check(LibC.PosixSpawnFileActionsAddChdir(fileActions, workingDirectory));
            }

            // Last, once the copies above are made: nothing the warden inherited without close-on-exec
            // (a descriptor of whatever started it) reaches the service, as under systemd and supervisord.
            if (CanCloseFrom)
            {
                Check(LibC.PosixSpawnFileActionsAddCloseFrom(fileActions, gateFd >= 0 ? SpawnGate.ChildFd + 1 : 3));
            }

            var error = LibC.PosixSpawn(out var pid, path, fileActions, attributes, nativeArgv.Pointer, envp.Pointer);
            if (error != 0)
            {
                return error;
            }

            spawned = new Spawned(pid, pipes.StdoutRead, pipes.StderrRead);
            succeeded = true;
            return 0;
        }
        finally
        {
            // The child has its own copies now; the parent keeps only the read ends.
            pipes.AfterSpawn(succeeded);

            if (fileActionsReady)
            {
                LibC.PosixSpawnFileActionsDestroy(fileActions);
            }

            if (attributesReady)
            {
                LibC.PosixSpawnAttrDestroy(attributes);
            }

            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(fileActions);
            Marshal.FreeHGlobal(allSignals);
            Marshal.FreeHGlobal(noSignals);
        }
    }

    private static readonly bool CanCloseFrom = ProbeCloseFrom();

    private static bool ProbeCloseFrom()
    {
        var fileActions = Marshal.AllocHGlobal(LibC.OpaqueBufferSize);
        try
        {
            if (LibC.PosixSpawnFileActionsInit(fileActions) != 0)
            {
                return false;
            }

            try
            {
                return LibC.PosixSpawnFileActionsAddCloseFrom(fileActions, 3) == 0;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
            finally
            {
                LibC.PosixSpawnFileActionsDestroy(fileActions);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(fileActions);
        }
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new SpawnSetupException(error);
        }
    }
}

/// <summary>Preparing the spawn attributes failed (out of memory and the like), distinct from the exec failing.</summary>
internal sealed class SpawnSetupException(int errno) : Exception(LibC.Describe(errno))
{
    public int Errno { get; } = errno;
}
