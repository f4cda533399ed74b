using System.Globalization;

namespace ActorWarden.ProcessBench;

internal sealed record ChurnRun(
    string System,
    bool Ok,
    string? Failure,
    int Instances,
    double WindowSeconds,
    int StartsInWindow,
    double RestartsPerSec,
    Summary ExitToStart,
    string LatencyKeying,
    long StartsRecorded,
    long ExitsReported,
    long? LostExits,
    string LostMethod,
    int FdsBefore,
    int FdsAfter,
    int ThreadsBefore,
    int ThreadsAfter,
    int MaxThreads,
    long RssAfterKb,
    double CpuPct,
    int ZombiesInstant,
    int ZombiesStale,
    double StopSeconds,
    bool StopKilled,
    int Survivors,
    long StartedEvents = -1,
    long StartsAfterStop = -1,
    string? TreeCount = null);

/// <summary>
/// Churn: N instances of a child that lives a random 0..500 ms, restarted always with zero backoff,
/// for a fixed window. Children record S (start) and E (pre-exit) records with their INSTANCE, so
/// restart latency (E → next S of the same instance) and lost exits (S records without a matching
/// `exited` event after a clean stop) come from the children's side, not the supervisor's word.
/// </summary>
internal sealed class Churn(Options o)
{
    public List<ChurnRun> Runs { get; } = [];

    private string Churner => Path.Combine(o.Bin, "churner");

    public void Run()
    {
        if (o.ChurnFloor)
        {
            Runs.Add(Floor());
        }

        if (o.Warden is not null)
        {
            Runs.Add(Warden());
        }
    }

    /// <summary>E (pre-exit) → next S of the same instance, both inside [w0, w1], in µs.</summary>
    private static (List<double> Lat, string Keying) Latency(List<ChildRecord> recs, long w0, long w1, Dictionary<int, Queue<string>>? pidToInstance)
    {
        var keyed = new List<(string Key, ChildRecord R)>();
        var keying = "INSTANCE env (children's own record)";
        if (recs.All(r => r.Tag != "-"))
        {
            keyed.AddRange(recs.Select(r => (r.Tag, r)));
        }
        else if (pidToInstance is not null)
        {
            keying = "pid → instance from `started` events";
            // The k-th S record of a pid belongs to the k-th `started` event of that pid (pids are reused
            // only after the previous holder exited); the E record follows its S record.
            var current = new Dictionary<int, string>();
            foreach (var r in recs)
            {
                if (r.Kind == 'S' && pidToInstance.TryGetValue(r.Pid, out var q) && q.Count > 0)
                {
                    current[r.Pid] = q.Dequeue();
                }

                if (current.TryGetValue(r.Pid, out var inst))
                {
                    keyed.Add((inst, r));
                }
            }
        }
        else
        {
            return ([], "not available (no INSTANCE in the children and no pid in events)");
        }

        var lat = new List<double>();
        foreach (var g in keyed.GroupBy(x => x.Key))
        {
            ChildRecord? lastExit = null;
            foreach (var (_, r) in g.OrderBy(x => x.R.Kind == 'E' ? x.R.T2 : x.R.T1))
            {
                if (r.Kind == 'E')
                {
                    lastExit = r;
                }
                else if (r.Kind == 'S')
                {
                    if (lastExit is { } e && e.T2 >= w0 && r.T1 <= w1)
                    {
                        lat.Add((r.T1 - e.T2) / 1000.0);
                    }

                    lastExit = null;
                }
            }
        }

        return (lat, keying);
    }

    private ChurnRun Floor()
    {
        var dir = Path.Combine(o.Work, "churn", "floor");
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "starts.log");
        var outPath = Path.Combine(dir, "floor.out");
        Console.WriteLine($"churn: floor, {o.ChurnInstances} instances for {o.ChurnSeconds} s");
        using var p = Launched.Start(Path.Combine(o.Bin, "floor"),
            ["churn", o.ChurnInstances.ToString(CultureInfo.InvariantCulture), o.ChurnSeconds.ToString(CultureInfo.InvariantCulture), Churner, log,
             o.ChurnMaxMs.ToString(CultureInfo.InvariantCulture), outPath],
            dir, Path.Combine(dir, "stdout"), Path.Combine(dir, "stderr"));
        var t0 = p.StartedNs;
        if (!p.WaitForExit(TimeSpan.FromSeconds(o.ChurnSeconds + 120)) || p.ExitCode != 0)
        {
            return Failed("floor", "floor failed: " + p.Tail());
        }

        var cpu = File.ReadAllText(p.StdoutPath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cpuSecs = double.Parse(cpu[0], CultureInfo.InvariantCulture) + double.Parse(cpu[1], CultureInfo.InvariantCulture);
        var recs = Records.Read(log);
        // Window: from the moment every instance had started once to the planned end.
        var starts = recs.Where(r => r.Kind == 'S').Select(r => r.T1).Order().ToList();
        var w0 = starts.Count >= o.ChurnInstances ? starts[o.ChurnInstances - 1] : t0;
        var w1 = t0 + (long)(o.ChurnSeconds * 1e9);
        var inWindow = starts.Count(t => t > w0 && t <= w1);
        var (lat, keying) = Latency(recs, w0, w1, null);
        var reaped = File.ReadAllLines(outPath).Select(l => int.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
        var lost = LostExits(recs, reaped);
        var win = (w1 - w0) / 1e9;
        return new ChurnRun("floor", true, null, o.ChurnInstances, win, inWindow, inWindow / win, Summary.Of(lat), keying,
            starts.Count, reaped.Count, lost, "S records vs reaped pids (per pid counts)", -1, -1, -1, -1, -1, -1,
            cpuSecs / ((Native.MonotonicNs() - t0) / 1e9) * 100, 0, 0, 0, false, Proc.ProcessesRunningFrom(o.Bin).Count);
    }

    /// <summary>Per pid: S records minus exit reports, summed where positive (pids are reused, so counts, not sets).</summary>
    private static long LostExits(List<ChildRecord> recs, IEnumerable<int> exitedPids)
    {
        var exits = exitedPids.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        return recs.Where(r => r.Kind == 'S').GroupBy(r => r.Pid)
            .Sum(g => (long)Math.Max(0, g.Count() - exits.GetValueOrDefault(g.Key)));
    }

    private ChurnRun Warden()
    {
        var dir = Path.Combine(o.Work, "churn", "warden");
        var log = Path.Combine(dir, "starts.log");
        var port = WardenConfig.FreePort();
        var conf = WardenConfig.Write(dir, "churn", Churner, [log, o.ChurnMaxMs.ToString(CultureInfo.InvariantCulture)], o.ChurnInstances, events: true, httpPort: port);
        Console.WriteLine($"churn: warden, {o.ChurnInstances} instances for {o.ChurnSeconds} s");
        using var w = Launched.Start(o.Warden!, ["run", conf], dir, Path.Combine(dir, "warden.out"), Path.Combine(dir, "warden.err"));
        string? failure = null;
        var upDeadline = Native.MonotonicNs() + 60_000_000_000L;
        while (Records.Count(log) < o.ChurnInstances && Native.MonotonicNs() < upDeadline && !w.HasExited)
        {
            Thread.Sleep(20);
        }

        if (w.HasExited)
        {
            return Failed("warden", $"warden exited (code {w.ExitCode}): {w.Tail()}");
        }

        var before = Proc.Sample(w.Pid);
        var w0 = Native.MonotonicNs();
        var w1 = w0 + (long)(o.ChurnSeconds * 1e9);
        var maxThreads = before?.Threads ?? -1;
        while (Native.MonotonicNs() < w1 && !w.HasExited)
        {
            Thread.Sleep(TimeSpan.FromSeconds(Math.Min(1, o.ChurnSeconds / 10)));
            if (Proc.Sample(w.Pid) is { } s)
            {
                maxThreads = Math.Max(maxThreads, s.Threads);
            }
        }

        if (w.HasExited)
        {
            failure = $"warden exited during the window (code {w.ExitCode}): {w.Tail()}";
        }

        var after = Proc.Sample(w.Pid);
        var w1Actual = Native.MonotonicNs();

        // The tree's own count (Σ restarts + instances in GET /v1/status) against the starts the children recorded by then.
        string? treeCount = null;
        using (var probe = new StatusProbe(Path.Combine(dir, "logs", "events.jsonl"), port, Path.Combine(dir, "state", "token")))
        {
            var before0 = Records.Read(log).LongCount(r => r.Kind == 'S');
            if (probe.RestartsFromHttp() is { } t)
            {
                var after0 = Records.Read(log).LongCount(r => r.Kind == 'S');
                treeCount = $"status: {t.Restarts} restarts + {t.Instances} instances = {t.Restarts + t.Instances} spawns; children recorded {before0}..{after0} starts around the call";
            }
            else
            {
                treeCount = "GET /v1/status did not answer";
            }
        }

        var z1 = Proc.Zombies(w.Pid);
        Thread.Sleep(1000);
        var z2 = Proc.Zombies(w.Pid);
        var stale = z1.Intersect(z2).Count();
        var stopNs = Native.MonotonicNs();
        var (stopSecs, killed) = w.Stop(TimeSpan.FromSeconds(120));
        Thread.Sleep(500);
        var survivors = Proc.ProcessesRunningFrom(o.Bin).Count;
        Cleanup.KillChildren();
        if (killed)
        {
            failure ??= "warden did not exit within 120 s of SIGTERM (killed) — not a clean stop";
        }

        var recs = Records.Read(log);
        var events = EventReader.ReadAll(Path.Combine(dir, "logs", "events.jsonl"));
        // A process that ends on its own is reported as `exited`; one ended by the stop ladder as `stopped` (with its pid).
        var exited = events.Where(e => e.Event.Equals("exited", StringComparison.OrdinalIgnoreCase) ||
                                       (e.Event.Equals("stopped", StringComparison.OrdinalIgnoreCase) && e.Pid is not null)).ToList();
        var startedByPid = new Dictionary<int, Queue<string>>();
        foreach (var e in events.Where(e => e.Event.Equals("started", StringComparison.OrdinalIgnoreCase) && e.Pid is not null && e.Instance is not null))
        {
            if (!startedByPid.TryGetValue(e.Pid!.Value, out var q))
            {
                startedByPid[e.Pid.Value] = q = new Queue<string>();
            }

            q.Enqueue(e.Instance!);
        }

        var (lat, keying) = Latency(recs, w0, w1Actual, startedByPid.Count > 0 ? startedByPid : null);
        long? lost;
        string method;
        if (exited.Count > 0 && exited.All(e => e.Pid is not null))
        {
            lost = LostExits(recs, exited.Select(e => e.Pid!.Value));
            method = "S records vs `exited` + `stopped` events, per pid counts";
        }
        else if (exited.Count > 0 && recs.All(r => r.Tag != "-") && exited.All(e => e.Instance is not null))
        {
            var byInst = exited.GroupBy(e => e.Instance!).ToDictionary(g => g.Key, g => g.Count());
            lost = recs.Where(r => r.Kind == 'S').GroupBy(r => r.Tag).Sum(g => (long)Math.Max(0, g.Count() - byInst.GetValueOrDefault(g.Key)));
            method = "S records vs `exited` + `stopped` events, per instance counts (events carry no pid)";
        }
        else
        {
            lost = exited.Count == 0 ? recs.LongCount(r => r.Kind == 'S') : null;
            method = exited.Count == 0 ? "no `exited` events at all" : "cannot match (events carry neither pid nor instance)";
        }

        var startsInWindow = recs.Count(r => r.Kind == 'S' && r.T1 > w0 && r.T1 <= w1Actual);
        // Children that started more than 1 s after SIGTERM: restarts the stop did not prevent.
        var startsAfterStop = recs.LongCount(r => r.Kind == 'S' && r.T1 > stopNs + 1_000_000_000L);
        var startedEvents = events.LongCount(e => e.Event.Equals("started", StringComparison.OrdinalIgnoreCase));
        if (startsAfterStop > 0)
        {
            failure ??= $"{startsAfterStop} children started more than 1 s after SIGTERM";
        }
        var win = (w1Actual - w0) / 1e9;
        var cpuPct = before is not null && after is not null ? (after.CpuSeconds - before.CpuSeconds) / win * 100 : double.NaN;
        if (lost is > 0)
        {
            failure ??= $"{lost} lost exits";
        }

        var run = new ChurnRun("warden", failure is null, failure, o.ChurnInstances, win, startsInWindow, startsInWindow / win, Summary.Of(lat), keying,
            recs.LongCount(r => r.Kind == 'S'), exited.Count, lost, method,
            before?.Fds ?? -1, after?.Fds ?? -1, before?.Threads ?? -1, after?.Threads ?? -1, maxThreads, after?.RssKb ?? -1, cpuPct,
            z1.Count, stale, stopSecs, killed, survivors, startedEvents, startsAfterStop, treeCount);
        Console.WriteLine($"  warden churn: {run.RestartsPerSec:0} restarts/s, p99 {Fmt.Us(run.ExitToStart.P99)}, lost exits {lost?.ToString(CultureInfo.InvariantCulture) ?? "?"}, zombies {z1.Count}/{stale} stale{(failure is null ? "" : " FAILURE: " + failure)}");
        return run;
    }

    private ChurnRun Failed(string system, string why) =>
        new(system, false, why, o.ChurnInstances, 0, 0, double.NaN, Summary.Empty, "", 0, 0, null, "", -1, -1, -1, -1, -1, -1, double.NaN, 0, 0, 0, false, 0);
}
