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
    string? TreeCount = null,
    // The leak check: the warden sampled with the service stopped through the API (every instance down, no child
    // alive, no zombie), once before the window and once after it. FdsBefore/FdsAfter, ThreadsBefore/ThreadsAfter
    // and RssAfterKb above are the in-churn samples at the start and end of the window (information only).
    int FdsStoppedBefore = -1,
    int FdsStoppedAfter = -1,
    int? FdsLeaked = null,
    int ThreadsStoppedBefore = -1,
    int ThreadsStoppedAfter = -1,
    int? ThreadsGrowth = null,
    long RssStoppedBeforeKb = -1,
    long RssStoppedAfterKb = -1,
    int FdsStoppedAfterFirst = -1,
    int ThreadsStoppedAfterFirst = -1,
    double StoppedAfterSampleSeconds = double.NaN,
    int MaxFds = -1,
    double ServiceStopBeforeSeconds = double.NaN,
    double ServiceStopAfterSeconds = double.NaN,
    string? QuiescentBefore = null,
    string? QuiescentAfter = null,
    bool QuiescentBeforeOk = false,
    bool QuiescentAfterOk = false,
    string? ChurnForSigterm = null,
    // What a restart allocates in the warden, from its own counters (GET /v1/status at the window's start and end).
    string? AllocationPerRestart = null);

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

    /// <summary>Seconds the warden gets to report every instance down after a stop command, and to start them all again.</summary>
    private static readonly TimeSpan ApiWait = TimeSpan.FromSeconds(60);

    /// <summary>Per HTTP request: above the warden's own 10 s ask timeout, so a busy tree answers 500 (and is retried) before we give up on the socket.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(12);

    /// <summary>After the service is down: wait this long before sampling (the last pidfds and sockets close just after the reap).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the after-window sample may be re-taken while it is above the bar: the .NET thread pool retires an idle
    /// worker after ~20 s, so extra workers injected under churn are not leaks; a leaked fd or thread never goes away.
    /// </summary>
    private static readonly TimeSpan IdleGrace = TimeSpan.FromSeconds(25);

    private const int ThreadSlack = 2;

    /// <summary>How long a start/stop command is retried while the API does not accept it.</summary>
    private static readonly TimeSpan CommandBudget = TimeSpan.FromSeconds(30);

    private ChurnRun Warden()
    {
        var dir = Path.Combine(o.Work, "churn", "warden");
        var log = Path.Combine(dir, "starts.log");
        var port = WardenConfig.FreePort();
        const string service = "churn";
        var conf = WardenConfig.Write(dir, service, Churner, [log, o.ChurnMaxMs.ToString(CultureInfo.InvariantCulture)], o.ChurnInstances, events: true, httpPort: port);
        Console.WriteLine($"churn: warden, {o.ChurnInstances} instances for {o.ChurnSeconds} s");
        using var w = Launched.Start(o.Warden!, ["run", conf], dir, Path.Combine(dir, "warden.out"), Path.Combine(dir, "warden.err"));
        // Every problem is kept (a run can fail in several places); Failure joins them.
        var problems = new List<string>();
        using var probe = new StatusProbe(Path.Combine(dir, "logs", "events.jsonl"), port, Path.Combine(dir, "state", "token"), RequestTimeout, closeConnections: true);

        // 1. Up: every instance started once.
        if (WaitAllStarted(log, 0, w.StartedNs, w, ApiWait) is { } notUp)
        {
            if (w.HasExited)
            {
                return Failed("warden", $"warden exited (code {w.ExitCode}): {w.Tail()}");
            }

            problems.Add("start-up: " + notUp);
        }

        // 2. Baseline with the service stopped.
        Console.WriteLine("  churn: stopping the service through the API for the baseline sample");
        var qBefore = StopAndSample(probe, w, service, "before the window", out var stoppedBefore, out var stopBeforeSecs);
        if (!qBefore.Ok)
        {
            problems.Add(qBefore.Detail);
        }

        // 3. Start again; the window begins once every instance has started once more. (When the stop was not accepted
        // the service never stopped: churn is still running and the window begins now.)
        if (qBefore.StopAccepted && StartAgain(probe, w, log, service, "for the window") is { } notAgain)
        {
            problems.Add(notAgain);
        }

        if (w.HasExited)
        {
            return Failed("warden", $"warden exited (code {w.ExitCode}) before the window: {w.Tail()}; {string.Join("; ", problems)}");
        }

        var costBefore = probe.CostFromHttp();
        var before = Proc.Sample(w.Pid);
        var w0 = Native.MonotonicNs();
        var w1 = w0 + (long)(o.ChurnSeconds * 1e9);
        var maxThreads = before?.Threads ?? -1;
        var maxFds = before?.Fds ?? -1;
        while (Native.MonotonicNs() < w1 && !w.HasExited)
        {
            Thread.Sleep(TimeSpan.FromSeconds(Math.Min(1, o.ChurnSeconds / 10)));
            if (Proc.Sample(w.Pid) is { } s)
            {
                maxThreads = Math.Max(maxThreads, s.Threads);
                maxFds = Math.Max(maxFds, s.Fds);
            }
        }

        if (w.HasExited)
        {
            problems.Add($"warden exited during the window (code {w.ExitCode}): {w.Tail()}");
        }

        var after = Proc.Sample(w.Pid);
        var w1Actual = Native.MonotonicNs();
        var allocation = AllocationPerRestart(costBefore, probe.CostFromHttp());

        // 4. While churn is still running: the tree's own count (Σ restarts + instances in GET /v1/status) against the
        // starts the children recorded by then, and the zombie scans.
        string? treeCount;
        {
            var before0 = Records.Read(log).LongCount(r => r.Kind == 'S');
            if (probe.RestartsFromHttp() is { } t)
            {
                var after0 = Records.Read(log).LongCount(r => r.Kind == 'S');
                // Each instance was started without a restart at `warden run` and (when the baseline stop was accepted) by the start command after it.
                var starts = qBefore.StopAccepted ? 2 : 1;
                treeCount = $"status: {t.Restarts} restarts + {t.Instances} instances × {starts} start{(starts == 2 ? "s (at `warden run` and by the start command after the baseline)" : " (at `warden run`)")} = {t.Restarts + (long)starts * t.Instances} spawns; " +
                            $"children recorded {before0}..{after0} starts around the call";
            }
            else
            {
                treeCount = "GET /v1/status did not answer: " + (probe.LastError ?? "unparsable status");
            }
        }

        var z1 = Proc.Zombies(w.Pid);
        Thread.Sleep(1000);
        var z2 = Proc.Zombies(w.Pid);
        var stale = z1.Intersect(z2).Count();

        // 5. After the window, service stopped again; the same sample, re-taken for a while if above the bar.
        ProcSample? stoppedAfter = null, stoppedAfterFirst = null;
        double stopAfterSecs = double.NaN, afterSampleSecs = double.NaN;
        var qAfter = new Quiet(false, false, "not reached: the warden exited");
        if (!w.HasExited)
        {
            Console.WriteLine("  churn: stopping the service through the API for the after sample");
            qAfter = StopAndSample(probe, w, service, "after the window", out stoppedAfterFirst, out stopAfterSecs);
            if (!qAfter.Ok)
            {
                problems.Add(qAfter.Detail);
            }
            else if (stoppedBefore is null)
            {
                // No baseline, no bar to idle towards: report the after sample as it is.
                (stoppedAfter, afterSampleSecs) = (stoppedAfterFirst, Settle.TotalSeconds);
            }
            else if (stoppedAfterFirst is not null)
            {
                (stoppedAfter, afterSampleSecs) = IdleUntilWithinBar(w, stoppedBefore, stoppedAfterFirst);
            }
        }

        // 6. Churn again, so that SIGTERM stops a warden in full churn (clean stop, no restarts after it, no lost exit).
        string churnForSigterm;
        if (w.HasExited)
        {
            churnForSigterm = "not reached: the warden exited";
        }
        else if (qAfter.StopAccepted && StartAgain(probe, w, log, service, "before SIGTERM") is { } notChurning)
        {
            problems.Add(notChurning);
            churnForSigterm = "not churning: " + notChurning;
        }
        else
        {
            var offset = Records.Count(log) * Records.Size;
            var t0 = Native.MonotonicNs();
            Thread.Sleep(TimeSpan.FromSeconds(3));
            var rate = Records.ReadFrom(log, ref offset).Count(r => r.Kind == 'S' && r.T1 >= t0) / ((Native.MonotonicNs() - t0) / 1e9);
            churnForSigterm = qAfter.StopAccepted
                ? $"every instance started again, then 3 s of churn (~{rate:0} starts/s) before SIGTERM"
                : $"the service was never stopped (the stop was not accepted), so churn kept running: ~{rate:0} starts/s in the 3 s before SIGTERM";
        }

        var stopNs = Native.MonotonicNs();
        var (stopSecs, killed) = w.Stop(TimeSpan.FromSeconds(120));
        Thread.Sleep(500);
        var survivors = Proc.ProcessesRunningFrom(o.Bin).Count;
        Cleanup.KillChildren();
        if (killed)
        {
            problems.Add("warden did not exit within 120 s of SIGTERM (killed) — not a clean stop");
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
            problems.Add($"{startsAfterStop} children started more than 1 s after SIGTERM");
        }

        var win = (w1Actual - w0) / 1e9;
        var cpuPct = before is not null && after is not null ? (after.CpuSeconds - before.CpuSeconds) / win * 100 : double.NaN;
        if (lost is > 0)
        {
            problems.Add($"{lost} lost exits");
        }

        var failure = problems.Count == 0 ? null : string.Join("; ", problems);
        var run = new ChurnRun("warden", failure is null, failure, o.ChurnInstances, win, startsInWindow, startsInWindow / win, Summary.Of(lat), keying,
            recs.LongCount(r => r.Kind == 'S'), exited.Count, lost, method,
            before?.Fds ?? -1, after?.Fds ?? -1, before?.Threads ?? -1, after?.Threads ?? -1, maxThreads, after?.RssKb ?? -1, cpuPct,
            z1.Count, stale, stopSecs, killed, survivors, startedEvents, startsAfterStop, treeCount,
            AllocationPerRestart: allocation,
            FdsStoppedBefore: stoppedBefore?.Fds ?? -1,
            FdsStoppedAfter: stoppedAfter?.Fds ?? -1,
            FdsLeaked: stoppedBefore is not null && stoppedAfter is not null ? stoppedAfter.Fds - stoppedBefore.Fds : null,
            ThreadsStoppedBefore: stoppedBefore?.Threads ?? -1,
            ThreadsStoppedAfter: stoppedAfter?.Threads ?? -1,
            ThreadsGrowth: stoppedBefore is not null && stoppedAfter is not null ? stoppedAfter.Threads - stoppedBefore.Threads : null,
            RssStoppedBeforeKb: stoppedBefore?.RssKb ?? -1,
            RssStoppedAfterKb: stoppedAfter?.RssKb ?? -1,
            FdsStoppedAfterFirst: stoppedAfterFirst?.Fds ?? -1,
            ThreadsStoppedAfterFirst: stoppedAfterFirst?.Threads ?? -1,
            StoppedAfterSampleSeconds: afterSampleSecs,
            MaxFds: maxFds,
            ServiceStopBeforeSeconds: stopBeforeSecs,
            ServiceStopAfterSeconds: stopAfterSecs,
            QuiescentBefore: qBefore.Detail,
            QuiescentAfter: qAfter.Detail,
            QuiescentBeforeOk: qBefore.Ok,
            QuiescentAfterOk: qAfter.Ok,
            ChurnForSigterm: churnForSigterm);
        Console.WriteLine($"  warden churn: {run.RestartsPerSec:0} restarts/s, p99 {Fmt.Us(run.ExitToStart.P99)}, lost exits {lost?.ToString(CultureInfo.InvariantCulture) ?? "?"}, zombies {z1.Count}/{stale} stale, " +
                          $"service stopped: fds {run.FdsStoppedBefore} → {run.FdsStoppedAfter}, threads {run.ThreadsStoppedBefore} → {run.ThreadsStoppedAfter} (max during churn {maxThreads})" +
                          (failure is null ? "" : " FAILURE: " + failure));
        return run;
    }

    /// <summary>
    /// Waits until every instance has an S record stamped at or after <paramref name="sinceNs"/> (by the INSTANCE tag
    /// the children write; by S record count when they carry none), reading the log from byte <paramref name="offset"/>,
    /// taken before <paramref name="sinceNs"/> (a record stamped later was appended later). Returns null, or why not
    /// within <paramref name="timeout"/>.
    /// </summary>
    private string? WaitAllStarted(string log, long offset, long sinceNs, Launched w, TimeSpan timeout)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        long untagged = 0;
        var deadline = Native.MonotonicNs() + (long)(timeout.TotalSeconds * 1e9);
        while (true)
        {
            foreach (var r in Records.ReadFrom(log, ref offset))
            {
                if (r.Kind == 'S' && r.T1 >= sinceNs)
                {
                    if (r.Tag == "-")
                    {
                        untagged++;
                    }
                    else
                    {
                        tags.Add(r.Tag);
                    }
                }
            }

            var started = tags.Count + untagged;
            if (started >= o.ChurnInstances)
            {
                return null;
            }

            if (w.HasExited)
            {
                return $"the warden exited (code {w.ExitCode}) with {started} of {o.ChurnInstances} instances started";
            }

            if (Native.MonotonicNs() > deadline)
            {
                return $"only {started} of {o.ChurnInstances} instances started within {timeout.TotalSeconds:0} s";
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>POST start for the service, then waits until every instance has started once more. Returns null, or why not.</summary>
    private string? StartAgain(StatusProbe probe, Launched w, string log, string service, string what)
    {
        var offset = Records.Count(log) * Records.Size;
        var since = Native.MonotonicNs();
        var cmd = probe.Command("start", service, "process-bench churn: start " + what, CommandBudget, () => w.HasExited ? $"the warden exited (code {w.ExitCode})" : null);
        if (!cmd.Ok)
        {
            return $"start {what}: {cmd.Detail}";
        }

        return WaitAllStarted(log, offset, since, w, ApiWait) is { } why ? $"start {what}: {why}" : null;
    }

    /// <summary>
    /// POST stop for the service, then polls GET /v1/status until every instance is down (stopped, exited or fatal, no pid)
    /// AND no churner is alive AND the warden has no zombie child, within <see cref="ApiWait"/>; then waits
    /// <see cref="Settle"/> and samples the warden. The sample is null when the service never got quiet.
    /// </summary>
    private Quiet StopAndSample(StatusProbe probe, Launched w, string service, string what, out ProcSample? sample, out double stopSecs)
    {
        sample = null;
        stopSecs = double.NaN;
        var t0 = Native.MonotonicNs();
        double Elapsed() => (Native.MonotonicNs() - t0) / 1e9;
        var cmd = probe.Command("stop", service, "process-bench churn: quiescent sample " + what, CommandBudget, () => w.HasExited ? $"the warden exited (code {w.ExitCode})" : null);
        if (!cmd.Ok)
        {
            return new Quiet(false, false, $"stop {what}: {cmd.Detail}");
        }

        var deadline = Native.MonotonicNs() + (long)(ApiWait.TotalSeconds * 1e9);
        string state;
        var polls = 0;
        var failedPolls = 0;
        while (true)
        {
            if (w.HasExited)
            {
                return new Quiet(false, true, $"stop {what}: the warden exited (code {w.ExitCode}) while the service was stopping");
            }

            polls++;
            var (view, reply) = probe.ServiceInstances(service);
            if (view is null)
            {
                failedPolls++;
                state = "GET /v1/status: " + reply.Error;
            }
            else
            {
                var alive = Proc.ProcessesRunningFrom(o.Bin).Count;
                var zombies = Proc.Zombies(w.Pid).Count;
                state = $"{view.Down}/{view.Total} instances down per GET /v1/status ({view.StatesText}), {alive} churners alive, {zombies} zombies";
                if (view.Total == o.ChurnInstances && view.Down == view.Total && alive == 0 && zombies == 0)
                {
                    stopSecs = Elapsed();
                    break;
                }
            }

            if (Native.MonotonicNs() > deadline)
            {
                return new Quiet(false, true, $"stop {what}: the service was not down {ApiWait.TotalSeconds:0} s after the stop was accepted ({polls} status polls, {failedPolls} unanswered): {state}");
            }

            Thread.Sleep(250);
        }

        Thread.Sleep(Settle);
        sample = Proc.Sample(w.Pid);
        return sample is null
            ? new Quiet(false, true, $"stop {what}: /proc/{w.Pid} unreadable after the stop")
            : new Quiet(true, true, $"{cmd.Detail}; all down after {stopSecs:0.0} s ({state}; {failedPolls} of {polls} status polls unanswered); sampled {Settle.TotalSeconds:0} s later");
    }

    /// <summary>The outcome of a stop-and-sample: quiet and sampled; whether the stop command was accepted at all; what happened.</summary>
    private sealed record Quiet(bool Ok, bool StopAccepted, string Detail);

    /// <summary>
    /// The after sample: while it is above the bar (more fds than the baseline, or more than <see cref="ThreadSlack"/> extra
    /// threads), re-sample every second for up to <see cref="IdleGrace"/> with the service still stopped; the last one counts.
    /// </summary>
    private static (ProcSample Sample, double Seconds) IdleUntilWithinBar(Launched w, ProcSample baseline, ProcSample first)
    {
        var t0 = Native.MonotonicNs();
        var s = first;
        while ((s.Fds > baseline.Fds || s.Threads > baseline.Threads + ThreadSlack) && Native.MonotonicNs() - t0 < (long)(IdleGrace.TotalSeconds * 1e9) && !w.HasExited)
        {
            Thread.Sleep(1000);
            s = Proc.Sample(w.Pid) ?? s;
        }

        return (s, Settle.TotalSeconds + (Native.MonotonicNs() - t0) / 1e9);
    }

    private ChurnRun Failed(string system, string why) =>
        new(system, false, why, o.ChurnInstances, 0, 0, double.NaN, Summary.Empty, "", 0, 0, null, "", -1, -1, -1, -1, -1, -1, double.NaN, 0, 0, 0, false, 0);

    /// <summary>Allocated bytes and garbage collections per restart between two readings of the warden's counters.</summary>
    private static string AllocationPerRestart((long Restarts, long AllocatedBytes, int[] Collections)? start, (long Restarts, long AllocatedBytes, int[] Collections)? end)
    {
        if (start is not { } a || end is not { } b || b.Restarts <= a.Restarts || a.Collections.Length != b.Collections.Length)
        {
            return "not measured (GET /v1/status gave no runtime counters)";
        }

        var restarts = b.Restarts - a.Restarts;
        var collections = string.Join(" / ", a.Collections.Zip(b.Collections, (x, y) => ((y - x) * 1000.0 / restarts).ToString("0.0", CultureInfo.InvariantCulture)));
        return $"{((b.AllocatedBytes - a.AllocatedBytes) / (double)restarts / 1024).ToString("0.0", CultureInfo.InvariantCulture)} KiB allocated per restart over {restarts} restarts; " +
               $"collections per 1,000 restarts, gen 0 / 1 / 2: {collections} (the warden samples its counters at most once a second)";
    }
}
