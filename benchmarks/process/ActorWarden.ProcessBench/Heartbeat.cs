namespace ActorWarden.ProcessBench;

internal sealed record HeartbeatRun(
    string Mode,
    int Round,
    int Instances,
    bool Ok,
    string? Failure,
    List<double> WindowCpuPct,
    long RssKb,
    int Threads,
    int Fds,
    List<(string Name, int Threads, double Seconds)> ThreadCpu,
    double MeasuredSeconds,
    int Healthy,
    int Unhealthy);

/// <summary>
/// The cost of heartbeats (issue 16): N instances of a static C `beater`, each sending WATCHDOG=1
/// every second on its notify socket under `health { type = heartbeat, interval = 5s, failures = 3 }`,
/// against the same farm of the same binary with no notify socket (it only sleeps). Rounds alternate
/// baseline and heartbeat; each round waits until every instance is Running (and, with heartbeats,
/// healthy), settles, then samples the warden's utime+stime over consecutive windows. The cost is
/// the heartbeat farm's median window CPU minus the baseline's, in % of one core.
/// </summary>
internal sealed class Heartbeat(Options o)
{
    public List<HeartbeatRun> Runs { get; } = [];

    public void Run()
    {
        for (var round = 1; round <= o.HeartbeatRounds; round++)
        {
            foreach (var mode in new[] { "baseline", "heartbeat" })
            {
                Runs.Add(One(mode, round));
            }
        }
    }

    private HeartbeatRun One(string mode, int round)
    {
        var n = o.HeartbeatInstances;
        var dir = Path.Combine(o.Work, "heartbeat", $"{mode}-r{round}");
        var beating = mode == "heartbeat";
        var port = WardenConfig.FreePort();
        var extra = beating ? "services.beat.health { type = heartbeat, interval = 5s, failures = 3, start-period = 0s }" : "";
        var conf = WardenConfig.Write(dir, "beat", Path.Combine(o.Bin, "beater"), ["1000"], n, events: true, httpPort: port, extra);
        Console.WriteLine($"heartbeat: {mode} round {round}, {n} instances");
        using var w = Launched.Start(o.Warden!, ["run", conf], dir, Path.Combine(dir, "warden.out"), Path.Combine(dir, "warden.err"));
        var tally = new Tally(Path.Combine(dir, "logs", "events.jsonl"));
        string? failure = null;
        var deadline = w.StartedNs + (long)(o.FarmTimeoutSeconds * 1e9);
        while (true)
        {
            Thread.Sleep(200);
            var (running, healthy, _) = tally.Read();
            if (running >= n && (!beating || healthy >= n))
            {
                break;
            }

            if (w.HasExited)
            {
                failure = $"warden exited (code {w.ExitCode}): {w.Tail()}";
                break;
            }

            if (Native.MonotonicNs() > deadline)
            {
                failure = $"timeout after {o.FarmTimeoutSeconds} s: {running} Running, {healthy} healthy";
                break;
            }
        }

        var windows = new List<double>();
        List<(string, int, double)> threads = [];
        ProcSample? last = null;
        double measured = 0;
        if (failure is null)
        {
            Thread.Sleep(TimeSpan.FromSeconds(o.HeartbeatSettleSeconds));
            var first = Proc.Sample(w.Pid);
            var threadsBefore = Proc.ThreadCpu(w.Pid);
            var previous = first;
            for (var i = 0; i < o.HeartbeatWindows && previous is not null; i++)
            {
                Thread.Sleep(TimeSpan.FromSeconds(o.HeartbeatWindowSeconds));
                var now = Proc.Sample(w.Pid);
                if (now is null)
                {
                    break;
                }

                windows.Add((now.CpuSeconds - previous.CpuSeconds) / ((now.MonoNs - previous.MonoNs) / 1e9) * 100);
                previous = now;
            }

            last = previous;
            threads = Proc.ThreadCpuDelta(threadsBefore, Proc.ThreadCpu(w.Pid));
            measured = first is not null && last is not null ? (last.MonoNs - first.MonoNs) / 1e9 : 0;
        }

        var (_, healthyAtEnd, unhealthy) = tally.Read();
        if (failure is null && unhealthy > 0)
        {
            failure = $"{unhealthy} instance(s) went unhealthy: heartbeats were lost";
        }

        w.Stop(TimeSpan.FromSeconds(120));
        Thread.Sleep(500);
        Cleanup.KillChildren();
        var run = new HeartbeatRun(mode, round, n, failure is null, failure, windows, last?.RssKb ?? -1, last?.Threads ?? -1, last?.Fds ?? -1,
            threads, measured, healthyAtEnd, unhealthy);
        Console.WriteLine($"  {mode} r{round}: warden CPU median {Fmt.N(Summary.Median(windows), "0.00")} % of one core over {windows.Count} x {o.HeartbeatWindowSeconds} s, RSS {Fmt.Mb(run.RssKb)}, threads {run.Threads}, fds {run.Fds}{(failure is null ? "" : " FAILURE: " + failure)}");
        return run;
    }

    /// <summary>Instances that reached Running or healthy, and unhealthy verdicts, folded from events.jsonl as it grows.</summary>
    private sealed class Tally(string path)
    {
        private readonly EventReader _reader = new(path);
        private readonly HashSet<string> _running = new(StringComparer.Ordinal);
        private readonly HashSet<string> _healthy = new(StringComparer.Ordinal);
        private int _unhealthy;

        public (int Running, int Healthy, int Unhealthy) Read()
        {
            foreach (var e in _reader.ReadNew())
            {
                if (e.Instance is not { } instance)
                {
                    continue;
                }

                switch (e.Event, e.State)
                {
                    case ("state", "running"):
                        _running.Add(instance);
                        break;
                    case ("health", "healthy"):
                        _healthy.Add(instance);
                        break;
                    case ("health", "unhealthy"):
                        _unhealthy++;
                        break;
                }
            }

            return (_running.Count, _healthy.Count, _unhealthy);
        }
    }

    /// <summary>Median window CPU of a mode, over every window of every good round, in % of one core.</summary>
    public double Median(string mode) => Summary.Median(Runs.Where(r => r.Mode == mode && r.Ok).SelectMany(r => r.WindowCpuPct));
}
