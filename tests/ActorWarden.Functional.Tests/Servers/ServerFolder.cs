using System.Diagnostics;

namespace ActorWarden.Functional.Tests.Servers;

/// <summary>
/// A temp folder for one real server's config and data, readable by the service users (0755), removed
/// with everything in it when the test ends. Also where the test finds the Debian packages it drives:
/// a missing one fails with what to install, never a skip.
/// </summary>
public sealed class ServerFolder : IDisposable
{
    public ServerFolder(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"aw-{prefix}-").FullName;
        File.SetUnixFileMode(Path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The absolute path of <paramref name="program"/>, or a failure naming the package that brings it.</summary>
    public static string Require(string program, string package)
    {
        foreach (var directory in new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin" })
        {
            var candidate = System.IO.Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{program}' is not installed: run .ci/install-deps (it installs the Debian package {package})");
    }

    /// <summary>Fails unless the tests run as root, which running a service as another user needs.</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("these tests run services as other users (user = ...), which needs the warden, and so the tests, to run as root");
        }
    }

    /// <summary>Runs a setup command (chown and the like) and fails loudly when it fails.</summary>
    public static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
