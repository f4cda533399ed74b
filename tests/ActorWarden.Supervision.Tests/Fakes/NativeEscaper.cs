using System.Diagnostics;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// The Processes tests' Native/escaper.c, compiled once per test class (gcc is on the test machine, as
/// on CI): a service that escapes the way PostgreSQL's children and daemons do (setsid, double fork, a
/// rewritten argv and environment), a fork bomb and a memory hog.
/// </summary>
public sealed class NativeEscaper : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aw-escaper-" + Guid.NewGuid().ToString("N"));

    public NativeEscaper()
    {
        Directory.CreateDirectory(_directory);
        Executable = Path.Combine(_directory, "escaper");
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "escaper.c");
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", Executable, source]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("gcc did not start");
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed to build {source}: {errors}");
        }
    }

    /// <summary>The compiled executable.</summary>
    public string Executable { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
