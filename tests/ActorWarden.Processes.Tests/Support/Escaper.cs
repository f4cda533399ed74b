using System.Diagnostics;

namespace ActorWarden.Processes.Tests.Support;

/// <summary>
/// Native/escaper.c compiled for one test class (gcc is part of the test machine, as on CI): a child
/// that escapes the way PostgreSQL and daemons do (setsid, double fork, a rewritten argv and
/// environment), a fork bomb and a memory hog.
/// </summary>
public sealed class Escaper : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aw-escaper-" + Guid.NewGuid().ToString("N"));

    public Escaper()
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "escaper");
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Native", "escaper.c");
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", Path, source]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("gcc did not start");
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed to build {source}: {errors}");
        }
    }

    /// <summary>The compiled executable.</summary>
    public string Path { get; }

    public ProcessStartSpec Spec(params string[] arguments) => new()
    {
        FileName = Path,
        Arguments = arguments,
        Environment = ChildScope.BasicEnvironment,
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
