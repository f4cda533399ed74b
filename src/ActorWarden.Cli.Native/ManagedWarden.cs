using System.Runtime.InteropServices;

namespace ActorWarden.Cli.Native;

/// <summary>
/// Hands a command to the managed warden installed beside the front (<see cref="FileName"/>) by
/// exec, not by spawning it: the process keeps its pid, its parent, its descriptors and its
/// environment, so systemd's main pid, a shell's job control and `warden run` under any supervisor
/// see one process, exactly as before the front existed. The command line keeps its first word, so
/// `ps` shows what the operator typed.
/// </summary>
internal static unsafe partial class ManagedWarden
{
    public const string FileName = "warden-managed";

    /// <summary>Returns only when the exec failed: with the exit code after saying why.</summary>
    public static int Exec(string argv0, IReadOnlyList<string> args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        var argv = new nint[args.Count + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(argv0);
            for (var i = 0; i < args.Count; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            RestoreInheritedSignals();
            WithoutTieredPgoFor(args);
            int error;
            fixed (nint* vector = argv)
            {
                Execv(path, vector);
                error = Marshal.GetLastPInvokeError();
            }

            // Taken before Console.Error, whose first use makes calls of its own that reset the error.
            Console.Error.WriteLine($"warden: cannot run {path}: {Marshal.GetPInvokeErrorMessage(error)}");
            return 1;
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeCoTaskMem(arg);
            }
        }
    }

    /// <summary>
    /// The front's runtime ignores SIGPIPE, and exec keeps an ignored signal ignored: put back the default,
    /// so the managed warden starts as it did when it was started directly (its own runtime then ignores
    /// SIGPIPE again; its children get every signal reset by the spawner).
    /// </summary>
    private static void RestoreInheritedSignals()
    {
        const int SigPipe = 13;
        Signal(SigPipe, 0);
    }

    /// <summary>
    /// `warden simulate` runs without tiered PGO (the managed warden's WithoutTieredPgo says why), which the
    /// runtime reads only at its start. Set here, before the one exec, the managed warden starts once instead of
    /// starting, seeing the variable missing and exec'ing itself again: 67-111 ms of a simulated day's 2 s in
    /// five paired runs.
    /// </summary>
    private static void WithoutTieredPgoFor(IReadOnlyList<string> args)
    {
        const string Variable = "DOTNET_TieredPGO";
        if (args.Count > 0 && args[0] == "simulate" && Environment.GetEnvironmentVariable(Variable) is null)
        {
            // The C environment, which execv passes on; Environment.SetEnvironmentVariable changes only the runtime's copy.
            SetEnv(Variable, "0", 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execv(string path, nint* argv);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
