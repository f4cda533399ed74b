using System.Globalization;

namespace ActorWarden.ProcessBench;

/// <summary>One measured run of the crasher under one supervisor (one round of the floor or the warden, or supervisord).</summary>
internal sealed record LatencyRun(
    string System,
    int Round,
    bool Ok,
    string? Failure,
    int Restarts,
    Summary StartToStart,
    Summary ExitToStart,
    double RestartsPerSec,
    double CpuUsPerRestart,
    double? FirstStartMs,
    Summary? InternalExitedToStarted,
    string? EventMix,
    double? EventsPerRestart,
    long? RssKb,
    int? Threads,
    double WallSeconds,
    string? CpuByThread = null,
    double? WarmupRestartsPerSec = null,
    double? WarmupExitToStartP50 = null,
    int? WarmupRestarts = null)
{
    public static LatencyRun Failed(string system, int round, string why) =>
        new(system, round, false, why, 0, Summary.Empty, Summary.Empty, double.NaN, double.NaN, null, null, null, null, null, null, 0);
}

/// <summary>One stage's cost per restart in the profile round (differences of `runtime.stages` over the restarts counted in the same replies).</summary>
internal sealed record StagePerRestart(string Stage, double CpuUs, double AllocatedBytes, double Entries);

/// <summary>
/// The profile round: one warden round with `diagnostics.stage-costs = on` after the interleaved rounds, kept apart
/// from them (measuring costs CPU). <see cref="NotAvailable"/> says why a warden had nothing to report (not a failure).
/// </summary>
internal sealed record StageProfile(
    string? Failure,
    string? NotAvailable,
    long Restarts,
    long CrasherStarts,
    long WarmupRestarts,
    double ProcessCpuUs,
    IReadOnlyList<StagePerRestart> Stages,
    double NormalRoundsMedianCpuUs = double.NaN)
{
    public double SumCpuUs => Stages.Sum(x => x.CpuUs);

    public double SumAllocatedBytes => Stages.Sum(x => x.AllocatedBytes);

    public double SumEntries => Stages.Sum(x => x.Entries);

    /// <summary>Thread-pool dispatch and parking, kernel wake-ups between threads, GC, JIT and the runtime's threads.</summary>
    public double OutsideCpuUs => ProcessCpuUs - SumCpuUs;

    public static StageProfile Failed(string why, long warmup = 0) => new(why, null, 0, 0, warmup, double.NaN, []);

    public static StageProfile Missing(string why) => new(null, why, 0, 0, 0, double.NaN, []);
}

/// <summary>
/// Restart latency: the crasher (records its start and pre-exit times, exits 1 at once) under the
/// floor (posix_spawn + waitpid loop in C), the warden (zero backoff) and supervisord, rounds
/// interleaved floor, warden, floor, warden... so that machine noise hits both alike.
/// </summary>
internal sealed class RestartLatency(Options o)
{
    public List<LatencyRun> Runs { get; } = [];

    /// <summary>The profile round, or null when it was not run (no warden, or --no-stage-profile).</summary>
    public StageProfile? Profile { get; private set; }

    public List<double> FloorStartToStart { get; } = [];
    public List<double> FloorExitToStart { get; } = [];
    public List<double> WardenStartToStart { get; } = [];
    public List<double> WardenExitToStart { get; } = [];
    public List<double> SupervisordExitToStart { get; } = [];

    private string Crasher => Path.Combine(o.Bin, "crasher");

    public void Run()
    {
        for (var r = 1; r <= o.Rounds; r++)
        {
            Runs.Add(Floor(r));
            if (o.Warden is not null)
            {
                Runs.Add(Warden(r));
            }
        }

        if (o.Warden is not null && o.StageProfileRound)
        {
            try
            {
                Profile = ProfileRound();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A diagnostic: its failure is reported, the scenario's measurements stand.
                Cleanup.KillChildren();
                Profile = StageProfile.Failed($"{e.GetType().Name}: {e.Message}");
            }

            Profile = Profile with { NormalRoundsMedianCpuUs = Summary.Median(Runs.Where(x => x.System == "warden" && x.Ok).Select(x => x.CpuUsPerRestart)) };
        }

        if (o.Supervisord is not null)
        {
            Runs.Add(Supervisord());
        }
    }

    /// <summary>Intervals over records [skip, skip + take]: start→start and (pre-)exit→next start, in µs.</summary>
    private static (List<double> Ss, List<double> Es, double Rps, int Restarts) Analyze(List<ChildRecord> all, int skip, int take)
    {
        var rs = all.Where(x => x.Kind == 'C').Skip(skip).Take(take + 1).ToList();
        var ss = new List<double>();
        var es = new List<double>();
        for (var i = 1; i < rs.Count; i++)
        {
            ss.Add((rs[i].T1 - rs[i - 1].T1) / 1000.0);
            es.Add((rs[i].T1 - rs[i - 1].T2) / 1000.0);
        }

        var rps = rs.Count > 1 ? (rs.Count - 1) / ((rs[^1].T1 - rs[0].T1) / 1e9) : double.NaN;
        return (ss, es, rps, Math.Max(0, rs.Count - 1));
    }

    private LatencyRun Floor(int round)
    {
        var dir = Path.Combine(o.Work, "restart", $"floor-r{round}");
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "starts.log");
        var total = o.Warmup + o.Restarts + 1;
        Console.WriteLine($"restart-latency round {round}: floor, {total} spawns");
        using var p = Launched.Start(Path.Combine(o.Bin, "floor"),
            ["restart", total.ToString(CultureInfo.InvariantCulture), Crasher, log, Path.Combine(dir, "floor.out")],
            dir, Path.Combine(dir, "stdout"), Path.Combine(dir, "stderr"));
        if (!p.WaitForExit(TimeSpan.FromSeconds(300)) || p.ExitCode != 0)
        {
            return LatencyRun.Failed("floor", round, "floor failed: " + p.Tail());
        }

        var cpu = File.ReadAllText(p.StdoutPath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cpuUs = (double.Parse(cpu[0], CultureInfo.InvariantCulture) + double.Parse(cpu[1], CultureInfo.InvariantCulture)) * 1e6
                    / double.Parse(cpu[2], CultureInfo.InvariantCulture);
        var recs = Records.Read(log);
        var (ss, es, rps, n) = Analyze(recs, o.Warmup, o.Restarts);
        FloorStartToStart.AddRange(ss);
        FloorExitToStart.AddRange(es);
        var wall = recs.Count > 1 ? (recs[^1].T1 - recs[0].T1) / 1e9 : 0;
        return new LatencyRun("floor", round, n >= o.Restarts, n >= o.Restarts ? null : $"only {n} restarts recorded",
            n, Summary.Of(ss), Summary.Of(es), rps, cpuUs, null, null, null, null, null, null, wall);
    }

    private LatencyRun Warden(int round)
    {
        var dir = Path.Combine(o.Work, "restart", $"warden-r{round}");
        var log = Path.Combine(dir, "starts.log");
        // The HTTP API on, as it is by default: its recent-events buffer sees every event of every restart.
        var conf = WardenConfig.Write(dir, "crasher", Crasher, [log], 1, o.WardenEvents, WardenConfig.FreePort());
        Console.WriteLine($"restart-latency round {round}: warden, {o.Warmup} warm-up{(o.WarmupUntilJitIdle ? " or more, until the JIT is idle," : "")} + {o.Restarts} measured restarts");
        using var w = Launched.Start(o.Warden!, ["run", conf], dir, Path.Combine(dir, "warden.out"), Path.Combine(dir, "warden.err"));
        ProcSample? s0 = null, s1 = null;
        Dictionary<int, (string Name, long Ticks)>? t0 = null, t1 = null;
        long k1 = 0;
        var (k0, failure) = Drive(w, log, c =>
        {
            s0 = Proc.Sample(w.Pid);
            t0 = Proc.ThreadCpu(w.Pid);
            return c;
        }, () =>
        {
            s1 = Proc.Sample(w.Pid);
            t1 = Proc.ThreadCpu(w.Pid);
            k1 = Records.Count(log);
        });

        var (stopSecs, killed) = w.Stop(TimeSpan.FromSeconds(60));
        Cleanup.KillChildren();
        var recs = Records.Read(log);
        var warmup = (int)Math.Max(k0 - 1, o.Warmup);
        var (ss, es, rps, n) = Analyze(recs, warmup, o.Restarts);
        WardenStartToStart.AddRange(ss);
        WardenExitToStart.AddRange(es);
        var cpuUs = s0 is not null && s1 is not null && k1 > k0 ? (s1.CpuSeconds - s0.CpuSeconds) * 1e6 / (k1 - k0) : double.NaN;
        double? first = recs.Count > 0 ? (recs[0].T1 - w.StartedNs) / 1e6 : null;

        Summary? internalLat = null;
        string? mix = null;
        double? perRestart = null;
        var evPath = Path.Combine(dir, "logs", "events.jsonl");
        if (o.WardenEvents && File.Exists(evPath))
        {
            var events = EventReader.ReadAll(evPath);
            mix = string.Join(", ", events.GroupBy(e => e.Event).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            perRestart = recs.Count > 0 ? events.Count / (double)recs.Count : null;
            var lat = new List<double>();
            DateTimeOffset? lastExit = null;
            foreach (var e in events)
            {
                if (e.Event.Equals("exited", StringComparison.OrdinalIgnoreCase))
                {
                    lastExit = e.Ts;
                }
                else if (e.Event.Equals("started", StringComparison.OrdinalIgnoreCase) && lastExit is { } x && e.Ts is { } t)
                {
                    lat.Add((t - x).Ticks / 10.0);
                    lastExit = null;
                }
            }

            internalLat = Summary.Of(lat.Skip(warmup));
        }

        if (failure is null && killed)
        {
            failure = $"warden did not exit within 60 s of SIGTERM (killed); measurement itself completed";
        }

        var ok = failure is null && n >= o.Restarts;
        var wall = recs.Count > 1 ? (recs[^1].T1 - recs[0].T1) / 1e9 : 0;
        var (_, warmEs, warmRps, _) = Analyze(recs, 0, warmup);
        string? byThread = null;
        if (t0 is not null && t1 is not null && k1 > k0)
        {
            byThread = string.Join(", ", Proc.ThreadCpuDelta(t0, t1).Take(6)
                .Select(x => $"{x.Name}{(x.Threads > 1 ? $" x{x.Threads}" : "")} {x.Seconds * 1e6 / (k1 - k0):0} µs"));
        }

        Console.WriteLine($"  warden: {n} restarts, exit→start p50 {Fmt.Us(Summary.Of(es).P50)}, {Fmt.N(rps, "0")} restarts/s, stop {stopSecs:0.00} s{(failure is null ? "" : " FAILURE: " + failure)}");
        return new LatencyRun("warden", round, ok, failure ?? (n >= o.Restarts ? null : $"only {n} restarts"), n, Summary.Of(ss), Summary.Of(es), rps, cpuUs, first,
            internalLat, mix, perRestart, s1?.RssKb, s1?.Threads, wall, byThread, warmRps, Summary.Of(warmEs).P50, warmup);
    }

    /// <summary>
    /// A warden round's clock, shared by the measured rounds and the profile round so that both warm up alike: polls the
    /// crasher's records every 5 ms; once the warm-up is over (at least --warmup starts and, unless --warmup-fixed, the
    /// tier-1 JIT idle for two seconds) calls <paramref name="warmedUp"/> with the starts so far, which returns the count
    /// the measured restarts start from (null ends the round there); once <paramref name="restarts"/> (--restarts) more starts are recorded, calls
    /// <paramref name="measured"/>. Returns that start count (0 before the warm-up's end) and why the round failed.
    /// </summary>
    private (long WarmedAt, string? Failure) Drive(Launched w, string log, Func<long, long?> warmedUp, Action measured, int? restarts = null)
    {
        var measuring = restarts ?? o.Restarts;
        long k0 = 0, last = -1;
        var warmed = false;
        var lastChange = Native.MonotonicNs();
        var jit = new JitIdleWatch(w.Pid);
        while (true)
        {
            Thread.Sleep(5);
            var c = Records.Count(log);
            var now = Native.MonotonicNs();
            if (c != last)
            {
                last = c;
                lastChange = now;
            }

            if (!warmed && c >= o.Warmup + 1 && (!o.WarmupUntilJitIdle || c >= o.WarmupMax + 1 || jit.IdleForTwoSeconds(now)))
            {
                warmed = true;
                if (warmedUp(c) is not { } from)
                {
                    return (c, null);
                }

                k0 = from;
            }

            if (warmed && c >= k0 + measuring)
            {
                measured();
                return (k0, null);
            }

            if (w.HasExited)
            {
                return (k0, $"warden exited (code {w.ExitCode}) after {c} starts: {w.Tail()}");
            }

            if (now - lastChange > 20e9)
            {
                return (k0, $"no new start for 20 s after {c} starts (warden still running): {w.Tail()}");
            }
        }
    }

    /// <summary>
    /// The profile round: the measured rounds' config and warm-up plus `diagnostics.stage-costs = on`. At each end one
    /// GET /v1/status (stages and the restart counter in the same reply, so they count the same restarts), then
    /// /proc/PID/stat; the status request between them is the only one inside the window.
    /// </summary>
    private StageProfile ProfileRound()
    {
        var dir = Path.Combine(o.Work, "restart", "warden-profile");
        var log = Path.Combine(dir, "starts.log");
        var port = WardenConfig.FreePort();
        var conf = WardenConfig.Write(dir, "crasher", Crasher, [log], 1, o.WardenEvents, port, "diagnostics.stage-costs = on");
        Console.WriteLine($"restart-latency profile round: warden with diagnostics.stage-costs = on, the rounds' warm-up + {o.StageProfileRestarts} measured restarts (not in the bars, percentiles or chart)");
        using var w = Launched.Start(o.Warden!, ["run", conf], dir, Path.Combine(dir, "warden.out"), Path.Combine(dir, "warden.err"));
        using var probe = new StatusProbe(Path.Combine(dir, "logs", "events.jsonl"), port, Path.Combine(dir, "state", "token"));
        (long Restarts, IReadOnlyList<StageCost>? Stages)? r0 = null, r1 = null;
        ProcSample? s0 = null, s1 = null;
        long k0 = 0, k1 = 0;
        string? missing = null;
        var (warmedAt, failure) = Drive(w, log, _ =>
        {
            // The first request pays the status path's first-call JIT outside the window, and says whether there are stages.
            if (probe.StagesFromHttp() is { Stages: null })
            {
                missing = "this warden has no stage costs (GET /v1/status has no `runtime.stages` with `diagnostics.stage-costs = on`)";
                return null;
            }

            r0 = probe.StagesFromHttp();
            s0 = Proc.Sample(w.Pid);
            k0 = Records.Count(log);
            return k0;
        }, () =>
        {
            r1 = probe.StagesFromHttp();
            s1 = Proc.Sample(w.Pid);
            k1 = Records.Count(log);
        }, o.StageProfileRestarts);

        var (_, killed) = w.Stop(TimeSpan.FromSeconds(60));
        Cleanup.KillChildren();
        var warmup = Math.Max(0, warmedAt - 1);
        if (failure is not null && w.HasExited && Records.Count(log) == 0 && w.Tail().Contains("diagnostics", StringComparison.Ordinal))
        {
            // A warden older than the option rejects the key and never starts.
            missing = "this warden has no stage costs (it rejects `diagnostics.stage-costs`: " + w.Tail(3).ReplaceLineEndings(" ").Trim() + ")";
        }

        if (missing is not null)
        {
            Console.WriteLine("  profile: n/a: " + missing);
            return StageProfile.Missing(missing);
        }

        failure ??= r0 is null || r1 is null ? "GET /v1/status: " + (probe.LastError ?? "no `runtime` in the reply")
            : s0 is null || s1 is null ? "the warden's /proc/PID/stat could not be read"
            : r1.Value.Stages is null ? "the second GET /v1/status has no `runtime.stages`"
            : r1.Value.Restarts <= r0.Value.Restarts ? $"the restart counter did not move ({r0.Value.Restarts} → {r1.Value.Restarts})"
            : killed ? "warden did not exit within 60 s of SIGTERM (killed)"
            : null;
        if (failure is not null)
        {
            Console.WriteLine("  profile: FAILURE: " + failure);
            return StageProfile.Failed(failure, warmup);
        }

        var n = r1!.Value.Restarts - r0!.Value.Restarts;
        var before = r0.Value.Stages!.ToDictionary(x => x.Stage, StringComparer.Ordinal);
        var stages = r1.Value.Stages!
            .Select(x => before.TryGetValue(x.Stage, out var b)
                ? x with { CpuNanoseconds = x.CpuNanoseconds - b.CpuNanoseconds, AllocatedBytes = x.AllocatedBytes - b.AllocatedBytes, Entries = x.Entries - b.Entries }
                : x)
            .Where(x => x.CpuNanoseconds != 0 || x.AllocatedBytes != 0 || x.Entries != 0)
            .Select(x => new StagePerRestart(x.Stage, x.CpuNanoseconds / 1e3 / n, x.AllocatedBytes / (double)n, x.Entries / (double)n))
            .OrderByDescending(x => x.CpuUs)
            .ToList();
        var profile = new StageProfile(null, null, n, k1 - k0, warmup, (s1!.CpuSeconds - s0!.CpuSeconds) * 1e6 / n, stages);
        Console.WriteLine($"  profile: {n} restarts, process {Fmt.Us(profile.ProcessCpuUs)} per restart = stages {Fmt.Us(profile.SumCpuUs)} + outside every stage {Fmt.Us(profile.OutsideCpuUs)}");
        return profile;
    }

    private LatencyRun Supervisord()
    {
        var dir = Path.Combine(o.Work, "restart", "supervisord");
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "starts.log");
        var conf = Path.Combine(dir, "supervisord.conf");
        File.WriteAllText(conf, $"""
            ; Generated by ActorWarden.ProcessBench: a private supervisord instance (no control socket).
            [supervisord]
            nodaemon=true
            logfile={dir}/supervisord.log
            pidfile={dir}/supervisord.pid
            childlogdir={dir}
            loglevel=info

            [program:crasher]
            command={Crasher} {log}
            startsecs=0
            autorestart=true
            startretries=1000000
            stdout_logfile=/dev/null
            stderr_logfile=/dev/null
            stopsignal=TERM

            """);
        Console.WriteLine($"restart-latency: supervisord for {o.SupervisordSeconds} s");
        using var p = Launched.Start(o.Supervisord!, ["-n", "-c", conf], dir, Path.Combine(dir, "stdout"), Path.Combine(dir, "stderr"));
        var deadline = Native.MonotonicNs() + (long)(Math.Max(10, o.SupervisordSeconds) * 1e9);
        ProcSample? s0 = null;
        long k0 = 0;
        while (Native.MonotonicNs() < deadline && !p.HasExited)
        {
            Thread.Sleep(5);
            if (Records.Count(log) >= 1)
            {
                s0 = Proc.Sample(p.Pid);
                k0 = Records.Count(log);
                break;
            }
        }

        if (s0 is null)
        {
            p.Stop(TimeSpan.FromSeconds(10));
            Cleanup.KillChildren();
            return LatencyRun.Failed("supervisord", 0, "no start recorded: " + p.Tail());
        }

        Thread.Sleep(TimeSpan.FromSeconds(o.SupervisordSeconds));
        var s1 = Proc.Sample(p.Pid);
        var k1 = Records.Count(log);
        p.Stop(TimeSpan.FromSeconds(30));
        Cleanup.KillChildren();
        var recs = Records.Read(log);
        var (ss, es, rps, n) = Analyze(recs, 0, int.MaxValue - 1);
        SupervisordExitToStart.AddRange(es);
        var cpuUs = s1 is not null && k1 > k0 ? (s1.CpuSeconds - s0.CpuSeconds) * 1e6 / (k1 - k0) : double.NaN;
        var wall = recs.Count > 1 ? (recs[^1].T1 - recs[0].T1) / 1e9 : 0;
        Console.WriteLine($"  supervisord: {n} restarts in {wall:0.0} s");
        return new LatencyRun("supervisord", 0, n > 0, n > 0 ? null : "no restart", n, Summary.Of(ss), Summary.Of(es), rps, cpuUs, null, null, null, null, s1?.RssKb, s1?.Threads, wall);
    }
}
