using System.Diagnostics;
using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Tests.Support;

/// <summary>
/// Starts children for one test and, whatever the outcome, kills their whole trees and waits for
/// their reaping on dispose, so no test leaves a process or zombie behind.
/// </summary>
internal sealed class ChildScope : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> BasicEnvironment =
        new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C" };

    private readonly List<IChildProcess> _children = [];
    private readonly List<Process> _dotnetChildren = [];
    private readonly List<string> _directories = [];

    public IProcessLauncher Launcher { get; } = ProcessLauncher.ForCurrentOs();

    public static ProcessStartSpec Shell(string script, bool capture = true) => new()
    {
        FileName = "/bin/sh",
        Arguments = ["-c", script],
        Environment = BasicEnvironment,
        CaptureOutput = capture,
    };

    public IChildProcess Start(ProcessStartSpec spec)
    {
        var child = Launcher.Start(spec);
        lock (_children)
        {
            _children.Add(child);
        }

        return child;
    }

    public IChildProcess StartShell(string script, bool capture = true) => Start(Shell(script, capture));

    public IChildProcess Track(IChildProcess child)
    {
        lock (_children)
        {
            _children.Add(child);
        }

        return child;
    }

    public Process Track(Process process)
    {
        lock (_dotnetChildren)
        {
            _dotnetChildren.Add(process);
        }

        return process;
    }

    public string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "aw-proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        _directories.Add(path);
        return path;
    }

    public static string Marker(IChildProcess child) => ((LinuxChildProcess)child).Marker!;

    public void Dispose()
    {
        List<IChildProcess> children;
        lock (_children)
        {
            children = [.. _children];
        }

        foreach (var child in children)
        {
            child.KillTree();
        }

        foreach (var child in children)
        {
            child.Exited.Wait(TimeSpan.FromSeconds(10));
            child.Dispose();
        }

        foreach (var process in _dotnetChildren)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
            process.Dispose();
        }

        Launcher.ReapOrphans();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
