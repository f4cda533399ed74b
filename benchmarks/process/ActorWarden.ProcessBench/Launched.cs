using System.Diagnostics;
using System.Globalization;

namespace ActorWarden.ProcessBench;

/// <summary>
/// Every process the driver starts is registered here (and in WORK/pids, which run.sh's trap reads),
/// so that Ctrl+C, a failure or an exception never leaves a warden, a supervisord or a child behind.
/// Children are also found by executable path: every benchmark child runs from WORK/bin.
/// </summary>
internal static class Cleanup
{
    private static readonly object Gate = new();
    private static readonly Dictionary<int, string> Registered = new();
    private static string? _work;
    private static string? _bin;

    public static void Init(string work, string bin)
    {
        _work = work;
        _bin = bin;
    }

    /// <summary>Set on SIGINT/SIGTERM/SIGHUP: nothing new may start, anything registered from now on is killed at once.</summary>
    public static volatile bool Aborting;

    public static void Register(int pid)
    {
        if (Aborting)
        {
            Native.Signal(pid, Native.SIGKILL);
            throw new OperationCanceledException("aborting");
        }

        var start = Proc.StatFields(pid) is { Length: > 19 } f ? f[19] : "";
        lock (Gate)
        {
            Registered[pid] = start;
            if (_work is not null)
            {
                File.AppendAllText(Path.Combine(_work, "pids"), pid.ToString(CultureInfo.InvariantCulture) + "\n");
            }
        }
    }

    public static void Unregister(int pid)
    {
        lock (Gate)
        {
            Registered.Remove(pid);
        }
    }

    /// <summary>SIGKILLs every registered process still alive (same start time, so never a reused pid) and every child running from WORK/bin.</summary>
    public static int KillEverything()
    {
        var killed = 0;
        lock (Gate)
        {
            foreach (var (pid, start) in Registered)
            {
                if (Proc.StatFields(pid) is { Length: > 19 } f && f[19] == start && f[0] != "Z" && Native.Signal(pid, Native.SIGKILL))
                {
                    killed++;
                }
            }

            Registered.Clear();
        }

        killed += KillChildren();
        return killed;
    }

    /// <summary>SIGKILLs every live process whose executable is under WORK/bin; returns how many.</summary>
    public static int KillChildren()
    {
        if (_bin is null)
        {
            return 0;
        }

        var n = 0;
        for (var pass = 0; pass < 5; pass++)
        {
            var left = Proc.ProcessesRunningFrom(_bin);
            if (left.Count == 0)
            {
                break;
            }

            foreach (var pid in left)
            {
                if (Native.Signal(pid, Native.SIGKILL))
                {
                    n++;
                }
            }

            Thread.Sleep(100);
        }

        return n;
    }
}

/// <summary>A process started by the driver with stdout/stderr in files and stdin on /dev/null.</summary>
internal sealed class Launched : IDisposable
{
    private readonly Process _process;

    private Launched(Process process, long startedNs, string stdout, string stderr)
    {
        _process = process;
        StartedNs = startedNs;
        StartedWall = DateTimeOffset.UtcNow - TimeSpan.FromTicks((Native.MonotonicNs() - startedNs) / 100);
        StdoutPath = stdout;
        StderrPath = stderr;
        Pid = process.Id;
    }

    public int Pid { get; }

    /// <summary>CLOCK_MONOTONIC just before the process was started.</summary>
    public long StartedNs { get; }

    /// <summary>Wall clock at <see cref="StartedNs"/>, to compare with the warden's event timestamps.</summary>
    public DateTimeOffset StartedWall { get; }

    public string StdoutPath { get; }

    public string StderrPath { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts FILE ARGS through `sh -c exec` (same pid, so the pid is the program's own) with output to files.</summary>
    public static Launched Start(string file, IEnumerable<string> args, string workingDirectory, string stdout, string stderr, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >\"$BENCH_STDOUT\" 2>\"$BENCH_STDERR\"");
        psi.ArgumentList.Add(file);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["BENCH_STDOUT"] = stdout;
        psi.Environment["BENCH_STDERR"] = stderr;
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }

        if (Cleanup.Aborting)
        {
            throw new OperationCanceledException("aborting");
        }

        var t = Native.MonotonicNs();
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        Cleanup.Register(p.Id);
        return new Launched(p, t, stdout, stderr);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>SIGTERM, wait up to <paramref name="timeout"/>, then SIGKILL. Returns the seconds to exit and whether it had to be killed.</summary>
    public (double Seconds, bool Killed) Stop(TimeSpan timeout, int signal = Native.SIGTERM)
    {
        if (_process.HasExited)
        {
            return (0, false);
        }

        var t0 = Native.MonotonicNs();
        Native.Signal(Pid, signal);
        var killed = false;
        if (!_process.WaitForExit(timeout))
        {
            killed = true;
            Native.Signal(Pid, Native.SIGKILL);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        var secs = (Native.MonotonicNs() - t0) / 1e9;
        Cleanup.Unregister(Pid);
        return (secs, killed);
    }

    public string Tail(int lines = 15)
    {
        static IEnumerable<string> Last(string path, int n) =>
            File.Exists(path) ? File.ReadLines(path).TakeLast(n) : [];

        return string.Join("\n", Last(StdoutPath, lines).Concat(Last(StderrPath, lines)));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Native.Signal(Pid, Native.SIGKILL);
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        Cleanup.Unregister(Pid);
        _process.Dispose();
    }
}
