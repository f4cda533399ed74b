using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Spawns through libwardenspawn (src/ActorWarden.Processes/Native/warden_spawn.c), which does what
/// posix_spawn does and, between fork and exec, moves the child into its control groups. That spares
/// the /bin/sh the <see cref="SpawnGate"/> executes first to hold the child, about half a millisecond
/// per start. The library is built with the project where a C compiler is found; without it the
/// launcher falls back to the gate.
/// </summary>
internal static unsafe class NativeSpawner
{
    private const string LibraryFile = "libwardenspawn.so";

    private static readonly delegate* unmanaged<Request*, int*, int> SpawnFunction = Load();
    private static readonly int DevNull = LibC.Open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC);

    /// <summary>Where the child failed, as the library reports it.</summary>
    internal enum Step
    {
        None = 0,
        Cgroup = 1,
        Setsid = 2,
        Fds = 3,
        Chdir = 4,
        Exec = 5,
    }

    /// <summary>True when the library was found and exports its entry point.</summary>
    public static bool IsAvailable => SpawnFunction != null && DevNull >= 0 && !Disabled;

    /// <summary>Lets tests drive the gate on a machine that has the library.</summary>
    internal static bool Disabled { get; set; }

    /// <summary>
    /// Spawns <paramref name="path"/> into the cgroup v2 group whose directory is open as
    /// <paramref name="cgroupDirectory"/> (-1 for none) and the groups whose cgroup.procs files are open as
    /// <paramref name="cgroupFds"/>; returns 0 or the errno of the failed <paramref name="step"/>.
    /// </summary>
    public static int Spawn(string path, IReadOnlyList<string> argv, NativeStringArray envp, string? workingDirectory, bool captureOutput, int cgroupDirectory, IReadOnlyList<int> cgroupFds, out PosixSpawner.Spawned spawned, out Step step)
    {
        spawned = new PosixSpawner.Spawned(-1, -1, -1);
        step = Step.None;
        var pipes = OutputPipes.None;
        var succeeded = false;
        using var nativeArgv = NativeStringArray.Of(argv);
        using var nativePath = new NativeString(path);
        using var nativeCwd = new NativeString(workingDirectory);
        try
        {
            if (captureOutput && OutputPipes.Open(out pipes) is var pipeError and not 0)
            {
                return pipeError;
            }

            var fds = stackalloc int[cgroupFds.Count];
            for (var i = 0; i < cgroupFds.Count; i++)
            {
                fds[i] = cgroupFds[i];
            }

            var request = new Request
            {
                Path = nativePath.Pointer,
                Argv = nativeArgv.Pointer,
                Envp = envp.Pointer,
                Cwd = nativeCwd.Pointer,
                StdinFd = DevNull,
                StdoutFd = captureOutput ? pipes.StdoutWrite : DevNull,
                StderrFd = captureOutput ? pipes.StderrWrite : DevNull,
                CgroupCount = cgroupFds.Count,
                CgroupFds = fds,
                CgroupDirFd = cgroupDirectory,
            };
            int pid;
            var error = SpawnFunction(&request, &pid);
            step = (Step)request.FailedStep;
            if (error != 0)
            {
                return error;
            }

            spawned = new PosixSpawner.Spawned(pid, pipes.StdoutRead, pipes.StderrRead);
            succeeded = true;
            return 0;
        }
        finally
        {
            pipes.AfterSpawn(succeeded);
        }
    }

    private static delegate* unmanaged<Request*, int*, int> Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (!NativeLibrary.TryLoad(LibraryFile, typeof(NativeSpawner).Assembly, DllImportSearchPath.AssemblyDirectory, out var library)
            || !NativeLibrary.TryGetExport(library, "aw_spawn", out var function))
        {
            return null;
        }

        return (delegate* unmanaged<Request*, int*, int>)function;
    }

    /// <summary>The library's <c>struct aw_spawn_request</c>, field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Request
    {
        public IntPtr Path;
        public IntPtr Argv;
        public IntPtr Envp;
        public IntPtr Cwd;
        public int StdinFd;
        public int StdoutFd;
        public int StderrFd;
        public int CgroupCount;
        public int* CgroupFds;
        public int Error;
        public int FailedStep;
        public int CgroupDirFd;
    }

    /// <summary>One UTF-8 C string in native memory (null stays a null pointer), freed on dispose.</summary>
    private readonly struct NativeString(string? value) : IDisposable
    {
        public IntPtr Pointer { get; } = value is null ? IntPtr.Zero : Marshal.StringToCoTaskMemUTF8(value);

        public void Dispose() => Marshal.FreeCoTaskMem(Pointer);
    }
}
