using System.Diagnostics;

namespace ActorWarden.Cli;

/// <summary>
/// Runs this same command again in a child process with tiered PGO off, for the batch commands that
/// are over in seconds. The warden's runtimeconfig keeps PGO on for `warden run`, which lives for
/// months; in a simulation the instrumented tier never pays for itself: a simulated day of 100
/// crashing services with health checks took 45 % more CPU with it (4.5 s against 3.1 s). The runtime
/// reads the setting only at start, hence the second process (tens of milliseconds).
/// </summary>
internal static class WithoutTieredPgo
{
    private const string Variable = "DOTNET_TieredPGO";

    /// <summary>The exit code of the re-run, or null when this process should do the work itself (already without PGO, or set by the user).</summary>
    public static int? Rerun()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.ProcessPath is not { } self)
        {
            return null;
        }

        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        var args = Environment.GetCommandLineArgs();

        // Under `dotnet warden.dll …` the first argument is the assembly the host must load again.
        var hosted = string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase);
        foreach (var arg in hosted ? args : args.Skip(1))
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
}
