using System.Diagnostics;

namespace ActorWarden.Functional.Tests.Infrastructure;

/// <summary>
/// Runs the real `warden` executable built next to the tests (the CLI project is referenced, so its
/// apphost is copied here), or the one named by WARDEN_UNDER_TEST, so a test written for a bug can be
/// run against a build from before the fix.
/// </summary>
public static class WardenBinary
{
    public const string OverrideVariable = "WARDEN_UNDER_TEST";

    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } chosen)
            {
                return File.Exists(chosen) ? chosen : throw new InvalidOperationException($"{OverrideVariable}={chosen} does not exist");
            }

            var apphost = System.IO.Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "warden.exe" : "warden");
            if (!File.Exists(apphost))
            {
                throw new InvalidOperationException($"the warden executable is missing at {apphost}; build src/ActorWarden.Cli");
            }

            return apphost;
        }
    }

    /// <summary>
    /// The native front on the managed warden above, laid out as a linux-x64 publish lays it out
    /// (native-front/warden beside native-front/warden-managed; built by this project's
    /// PlaceNativeFrontForTests on a Linux x64 machine with a C toolchain).
    /// </summary>
    public static string NativeFrontPath
    {
        get
        {
            var front = System.IO.Path.Combine(AppContext.BaseDirectory, "native-front", "warden");
            return File.Exists(front) ? front : throw new InvalidOperationException($"the native front is missing at {front}; build the functional tests on Linux x64 with gcc or clang");
        }
    }

    /// <summary>Runs a short CLI command to completion and returns its exit code and output.</summary>
    public static Task<CliResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync(workingDirectory, timeout, new Dictionary<string, string>(), args);

    /// <summary>Runs a short CLI command with extra environment variables (hidden diagnostics, for instance).</summary>
    public static Task<CliResult> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunExecutableAsync(Path, workingDirectory, timeout, environment, args);

    /// <summary>Runs a short CLI command of <paramref name="executable"/> (the managed warden or the native front).</summary>
    public static async Task<CliResult> RunExecutableAsync(string executable, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Remove("WARDEN_CONFIG");
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = await StartWhenNotBusyAsync(psi);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"warden {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts <paramref name="psi"/>, again after a pause while exec fails with ETXTBSY. A test that has just
    /// copied an executable (the front without its managed warden beside it) closed its copy, but a child that
    /// another test's thread forked while the copy was open holds the written descriptor until its own exec
    /// closes it, and the kernel refuses to execute a file open for writing.
    /// </summary>
    private static async Task<Process> StartWhenNotBusyAsync(ProcessStartInfo psi)
    {
        const int TextFileBusy = 26;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < 100)
            {
                await Task.Delay(20);
            }
        }
    }
}

/// <summary>What a finished CLI command printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
