using System.Diagnostics;

namespace ActorWarden.ProcessBench;

internal sealed record FarmRun(
    int Instances,
    bool Ok,
    string? Failure,
    double? AllSpawnedSec,
    double? AllRunningSec,
    string RunningSource,
    double? AllRunningByEventTsSec,
    double? FirstStartSec,
    long RssKb,
    int Threads,
    int Fds,
    double CpuSecondsToSettled,
    double IdleCpuPct,
    double? StatusHttpMs,
    double? StatusCliMs,
    string? StatusCliNote,
    double StopSeconds,
    bool StopKilled,
    int Survivors);

/// <summary>
/// Farm scale: one service of N sleeping instances (a static C sleeper that records its start time).
/// Measures time from `warden run` to every process started (children's own records) and to every
/// instance Running as the warden reports it (events.jsonl, or GET /v1/status), then RSS, threads,
/// fds and CPU after settling, idle CPU over a window, `warden status` time (p50 of 11), and stop time.
/// </summary>
internal sealed class FarmScale(Options o)
{
    public List<FarmRun> Runs { get; } = [];

    public void Run()
    {
        foreach (var n in o.FarmSizes)
        {
            Runs.Add(One(n));
        }
    }

    private FarmRun One(int n)
    {
        var dir = Path.Combine(o.Work, "farm", $"n{n}");
        var log = Path.Combine(dir, "starts.log");
        var port = WardenConfig.FreePort();
        var conf = WardenConfig.Write(dir, "farm", Path.Combine(o.Bin, "sleeper"), [log], n, events: true, httpPort: port);
        Console.WriteLine($"farm-scale: {n} instances");
        using var w = Launched.Start(o.Warden!, ["run", conf], dir, Path.Combine(dir, "warden.out"), Path.Combine(dir, "warden.err"));
        using var probe = new StatusProbe(Path.Combine(dir, "logs", "events.jsonl"), port, Path.Combine(dir, "state", "token"));
        double? spawned = null, running = null;
        var source = "";
        string? failure = null;
        var deadline = w.StartedNs + (long)(o.FarmTimeoutSeconds * 1e9);
        var nextHttp = w.StartedNs + 1_000_000_000L;
        while (true)
        {
            Thread.Sleep(50);
            var now = Native.MonotonicNs();
            var secs = (now - w.StartedNs) / 1e9;
            if (spawned is null && Records.Count(log) >= n)
            {
                spawned = secs;
            }

            if (running is null && probe.RunningFromEvents() >= n)
            {
                running = secs;
                source = "events.jsonl";
            }

            if (running is null && now >= nextHttp)
            {
                // Once a second while children are still being started, then every 250 ms.
                nextHttp = now + (spawned is null ? 1_000_000_000L : 250_000_000L);
                if (probe.RunningFromHttp() is { } h && h.Running >= n)
                {
                    running = (Native.MonotonicNs() - w.StartedNs) / 1e9;
                    source = "GET /v1/status poll";
                }
            }

            if (spawned is not null && running is not null)
            {
                break;
            }

            if (w.HasExited)
            {
                failure = $"warden exited (code {w.ExitCode}): {w.Tail()}";
                break;
            }

            if (now > deadline)
            {
                failure = $"timeout after {o.FarmTimeoutSeconds} s: {Records.Count(log)} started, {probe.RunningFromEvents()} Running per events";
                break;
            }
        }

        var recs = Records.Read(log);
        double? firstStart = recs.Count > 0 ? (recs.Min(r => r.T1) - w.StartedNs) / 1e9 : null;
        if (recs.Count >= n)
        {
            // The children's own clock: when the last of the N first starts happened.
            spawned = (recs.Select(r => r.T1).Order().ElementAt(n - 1) - w.StartedNs) / 1e9;
        }

        ProcSample? a = null, b = null;
        double? httpMs = null, cliMs = null;
        string? cliNote = null;
        if (failure is null)
        {
            Thread.Sleep(TimeSpan.FromSeconds(o.FarmSettleSeconds));
            a = Proc.Sample(w.Pid);
            Thread.Sleep(TimeSpan.FromSeconds(o.FarmIdleSeconds));
            b = Proc.Sample(w.Pid);
            if (probe.RunningFromHttp() is { } h)
            {
                httpMs = h.Ms;
                if (h.Running != n)
                {
                    failure = $"after settling GET /v1/status shows {h.Running}/{h.Total} Running";
                }
            }

            (cliMs, cliNote) = StatusCli(dir, conf, port, n);
        }

        var (stopSecs, killed) = w.Stop(TimeSpan.FromSeconds(120));
        Thread.Sleep(500);
        var survivors = Proc.ProcessesRunningFrom(o.Bin).Count;
        Cleanup.KillChildren();

        // The warden's own timestamps: when the last instance first became Running, from its `state` events.
        double? byTs = null;
        var firstRunning = new Dictionary<string, DateTimeOffset>();
        foreach (var e in EventReader.ReadAll(Path.Combine(dir, "logs", "events.jsonl")))
        {
            if (e.Instance is not null && e.Ts is { } ts && e.Event.Equals("state", StringComparison.OrdinalIgnoreCase) &&
                string.Equals(e.State, "running", StringComparison.OrdinalIgnoreCase))
            {
                firstRunning.TryAdd(e.Instance, ts);
            }
        }

        if (firstRunning.Count >= n)
        {
            byTs = (firstRunning.Values.Max() - w.StartedWall).TotalSeconds;
        }
        if (killed)
        {
            failure ??= "the warden did not exit within 120 s of SIGTERM (killed)";
        }
        else if (survivors > 0)
        {
            failure ??= $"{survivors} children still alive after the warden exited";
        }

        var idle = a is not null && b is not null ? (b.CpuSeconds - a.CpuSeconds) / ((b.MonoNs - a.MonoNs) / 1e9) * 100 : double.NaN;
        var run = new FarmRun(n, failure is null, failure, spawned, running, source, byTs, firstStart,
            b?.RssKb ?? -1, b?.Threads ?? -1, b?.Fds ?? -1, a?.CpuSeconds ?? double.NaN, idle, httpMs, cliMs, cliNote, stopSecs, killed, survivors);
        Console.WriteLine($"  {n}: all started {Fmt.N(spawned ?? double.NaN, "0.00")} s, all Running {Fmt.N(byTs ?? double.NaN, "0.00")} s by event ts, observed {Fmt.N(running ?? double.NaN, "0.00")} s ({source}), RSS {Fmt.Mb(run.RssKb)}, idle CPU {Fmt.N(idle, "0.00")} %, stop {stopSecs:0.00} s, survivors {survivors}{(failure is null ? "" : " FAILURE: " + failure)}");
        return run;
    }

    /// <summary>
    /// The operator's view: `warden status --json` once, checked to agree with the farm, then the
    /// table (what an operator types) timed <see cref="StatusRuns"/> times, process start to exit.
    /// A linux-x64 publish answers through its native front; the managed CLI beside it
    /// (`warden-managed`, docs/hosting.md) is timed in the same rounds, one call after the other, so
    /// the note shows what the front saves.
    /// </summary>
    private (double? Ms, string? Note) StatusCli(string dir, string conf, int port, int n)
    {
        var (json, jsonMs, error) = RunStatus(dir, conf, json: true);
        if (error is not null)
        {
            return (null, error);
        }

        var managed = Path.Combine(Path.GetDirectoryName(o.Warden!)!, "warden-managed");
        var hasManaged = File.Exists(managed);
        var times = new List<double>();
        var managedTimes = new List<double>();
        for (var i = 0; i < StatusRuns; i++)
        {
            var (_, ms, tableError) = RunStatus(dir, conf, json: false);
            if (tableError is not null)
            {
                return (null, tableError);
            }

            times.Add(ms);
            if (hasManaged)
            {
                var (_, managedMs, managedError) = RunStatus(dir, conf, json: false, managed);
                if (managedError is not null)
                {
                    return (null, "warden-managed: " + managedError);
                }

                managedTimes.Add(managedMs);
            }
        }

        times.Sort();
        managedTimes.Sort();
        var spread = $"`warden status` ×{StatusRuns}: p50 {times[StatusRuns / 2]:0} ms, min {times[0]:0}, max {times[^1]:0}; `--json` once {jsonMs:0} ms"
            + (hasManaged ? $"; the managed CLI (`warden-managed status`) in the same rounds: p50 {managedTimes[StatusRuns / 2]:0} ms, min {managedTimes[0]:0}, max {managedTimes[^1]:0}" : "");
        var agreement = StatusProbe.CountRunning(json!) is { } c
            ? (c.Running == n ? null : $"status shows {c.Running}/{c.Total} Running")
            : "output not understood";
        return (times[StatusRuns / 2], agreement is null ? spread : $"{agreement}; {spread}");
    }

    private const int StatusRuns = 11;

    private (string? Stdout, double Ms, string? Error) RunStatus(string dir, string conf, bool json, string? executable = null)
    {
        var psi = new ProcessStartInfo(executable ?? o.Warden!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var a in json ? new[] { "status", "--json", "--config", conf } : ["status", "--config", conf])
        {
            psi.ArgumentList.Add(a);
        }

        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        Cleanup.Register(p.Id);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            return (null, 0, "`warden status` did not answer within 60 s");
        }

        var ms = sw.Elapsed.TotalMilliseconds;
        Cleanup.Unregister(p.Id);
        if (p.ExitCode != 0)
        {
            var err = (stderr.Result + stdout.Result).Trim().Split('\n').FirstOrDefault() ?? "";
            return (null, ms, $"`warden status{(json ? " --json" : "")} --config` exited {p.ExitCode}: {err}");
        }

        return (stdout.Result, ms, null);
    }
}
