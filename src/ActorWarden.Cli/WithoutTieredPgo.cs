using System.Collections;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorWarden.Cli;

/// <summary>
/// Runs this same command again with tiered PGO off, for the batch commands that are over in seconds. The
/// warden's runtimeconfig keeps PGO on for `warden run`, which lives for months; in a simulation the
/// instrumented tier never pays for itself: a simulated day of 100 crashing services with health checks
/// took 45 % more CPU with it (4.5 s against 3.1 s). The runtime reads the setting only at start, hence a
/// second start (tens of milliseconds). On Linux and macOS the process execs itself, so it keeps its pid,
/// its signals and its exit code; on Windows it waits for a child.
/// </summary>
internal static partial class WithoutTieredPgo
{
    private const string Variable = "DOTNET_TieredPGO";

    /// <summary>The exit code of the re-run, or null when this process should do the work itself (already without PGO, or set by the user).</summary>
    public static int? Rerun()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.ProcessPath is not { } self)
        {
            return null;
        }

        // Under `dotnet warden.dll …` the first argument is the assembly the host must load again.
        var hosted = string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase);
        var args = Environment.GetCommandLineArgs().Skip(hosted ? 0 : 1).ToArray();
        if (!OperatingSystem.IsWindows())
        {
            // Returns only when the exec failed; the child process below is the fallback.
            ExecSelf(self, args);
        }

        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[Variable] = "0";
        try
        {
            using var child = Process.Start(start);
            if (child is null)
            {
                return null;
            }

            child.WaitForExit();
            return child.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static unsafe void ExecSelf(string self, string[] args)
    {
        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{Variable}=0");
        var argv = NativeStrings([self, .. args]);
        var envp = NativeStrings(environment);
        try
        {
            Console.Out.Flush();
            Console.Error.Flush();
            fixed (IntPtr* argvPtr = argv)
            fixed (IntPtr* envpPtr = envp)
            {
                Execve(argv[0], argvPtr, envpPtr);
            }
        }
        finally
        {
            foreach (var s in argv.Concat(envp))
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    /// <summary>UTF-8 copies with the null pointer that ends a C array of strings.</summary>
    private static IntPtr[] NativeStrings(IEnumerable<string> strings) => [.. strings.Select(Marshal.StringToCoTaskMemUTF8), IntPtr.Zero];

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static unsafe partial int Execve(IntPtr path, IntPtr* argv, IntPtr* envp);
}
