using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Holds a new child before it executes its program, so the warden can move it into its control
/// groups while it cannot have forked yet. posix_spawn runs no code of ours between fork and exec
/// (glibc before 2.39 has no posix_spawnattr_setcgroup_np, and clone3 with CLONE_INTO_CGROUP cannot
/// be called safely from managed code), so the child first executes /bin/sh with a two-builtin
/// script: it waits for one line on fd 3, closes it and execs the real argv under the same pid.
/// If the warden closes the pipe without writing, the shell exits 125 before the program ever ran.
/// </summary>
internal sealed unsafe class SpawnGate : IDisposable
{
    /// <summary>The child's file descriptor the gate is read from.</summary>
    public const int ChildFd = 3;

    /// <summary>The shell that waits at the gate.</summary>
    public const string Shell = "/bin/sh";

    private const string Script = "read -r _ <&3 || exit 125; exec 3<&-; exec \"$@\"";

    private int _read;
    private int _write;

    private SpawnGate(int read, int write)
    {
        _read = read;
        _write = write;
    }

    /// <summary>The parent's copy of the read end, handed to posix_spawn to become the child's fd 3.</summary>
    public int ReadFd => _read;

    /// <summary>True when a shell to wait at the gate exists on this machine.</summary>
    public static bool IsAvailable => File.Exists(Shell);

    /// <summary>Opens the gate's pipe (both ends close-on-exec; the child's fd 3 is a dup2 copy without it).</summary>
    public static SpawnGate Open()
    {
        int* fds = stackalloc int[2];
        if (LibC.Pipe2(fds, LibC.O_CLOEXEC) != 0)
        {
            throw new SpawnSetupException(Marshal.GetLastPInvokeError());
        }

        return new SpawnGate(fds[0], fds[1]);
    }

    /// <summary>The argv that runs <paramref name="argv"/> (whose argv[0] is the program path) behind the gate.</summary>
    public static List<string> Wrap(IReadOnlyList<string> argv) => [Shell, "-c", Script, "actorwarden-gate", .. argv];

    /// <summary>Closes the parent's read end once the child has its own copy.</summary>
    public void ChildStarted() => CloseRead();

    /// <summary>Lets the child execute its program.</summary>
    public void Release()
    {
        var line = (byte)'\n';
        LibC.Write(_write, &line, 1);
        Dispose();
    }

    /// <summary>Closes both ends; a child still waiting at the gate then exits 125 without running the program.</summary>
    public void Dispose()
    {
        CloseRead();
        if (_write >= 0)
        {
            LibC.Close(_write);
            _write = -1;
        }
    }

    private void CloseRead()
    {
        if (_read >= 0)
        {
            LibC.Close(_read);
            _read = -1;
        }
    }
}
