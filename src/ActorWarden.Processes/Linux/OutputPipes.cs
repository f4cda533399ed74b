using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The stdout and stderr pipes of a child being spawned: the write ends become the child's fd 1 and 2,
/// the read ends stay with the warden. Both ends are close-on-exec in the warden, so no other child
/// inherits them; the child's copies are made by dup2, which clears the flag. The pipes are widened
/// after the spawn, when the read ends become streams (<see cref="PipeReadStream"/>), not on the way to it.
/// </summary>
internal unsafe struct OutputPipes
{
    public int StdoutRead;
    public int StdoutWrite;
    public int StderrRead;
    public int StderrWrite;

    /// <summary>No pipes: the child's output goes to /dev/null.</summary>
    public static OutputPipes None => new() { StdoutRead = -1, StdoutWrite = -1, StderrRead = -1, StderrWrite = -1 };

    /// <summary>Opens both pipes; returns 0 or the errno (nothing stays open on failure).</summary>
    public static int Open(out OutputPipes pipes)
    {
        pipes = None;
        int* pair = stackalloc int[2];
        if (LibC.Pipe2(pair, LibC.O_CLOEXEC) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        (pipes.StdoutRead, pipes.StdoutWrite) = (pair[0], pair[1]);
        if (LibC.Pipe2(pair, LibC.O_CLOEXEC) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            pipes.CloseChildEnds();
            pipes.CloseWardenEnds();
            return errno;
        }

        (pipes.StderrRead, pipes.StderrWrite) = (pair[0], pair[1]);
        return 0;
    }

    /// <summary>After a spawn: the child's copies exist (or never will), so the write ends close; the read ends too when it failed.</summary>
    public void AfterSpawn(bool succeeded)
    {
        CloseChildEnds();
        if (!succeeded)
        {
            CloseWardenEnds();
        }
    }

    /// <summary>Closes the write ends once the child has its own copies (or was never started).</summary>
    private void CloseChildEnds()
    {
        CloseIfOpen(ref StdoutWrite);
        CloseIfOpen(ref StderrWrite);
    }

    /// <summary>Closes the read ends when the spawn failed.</summary>
    private void CloseWardenEnds()
    {
        CloseIfOpen(ref StdoutRead);
        CloseIfOpen(ref StderrRead);
    }

    private static void CloseIfOpen(ref int fd)
    {
        if (fd >= 0)
        {
            LibC.Close(fd);
            fd = -1;
        }
    }
}
