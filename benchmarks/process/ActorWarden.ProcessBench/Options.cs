using System.Globalization;

namespace ActorWarden.ProcessBench;

/// <summary>Every parameter of a run; all of them are printed at the top of every result file.</summary>
internal sealed class Options
{
    public bool Smoke { get; set; }
    public string Work { get; set; } = "";
    public string Bin { get; set; } = "";
    public string Out { get; set; } = "";
    public string? Warden { get; set; }
    public string? Supervisord { get; set; }
    public bool RequireWarden { get; set; }
    public HashSet<string> Scenarios { get; } = new(StringComparer.OrdinalIgnoreCase) { "restart", "farm", "churn", "heartbeat" };
    public int Rounds { get; set; } = 5;
    public int Restarts { get; set; } = 2000;
    public int Warmup { get; set; } = 5000;
    /// <summary>The warden's warm-up also lasts until its tier-1 JIT thread has been idle for two seconds (at most this many restarts).</summary>
    public int WarmupMax { get; set; } = 60000;
    public bool WarmupUntilJitIdle { get; set; } = true;
    public double SupervisordSeconds { get; set; } = 20;
    public List<int> FarmSizes { get; } = [100, 1000, 5000];
    public double FarmSettleSeconds { get; set; } = 5;
    public double FarmIdleSeconds { get; set; } = 10;
    public double FarmTimeoutSeconds { get; set; } = 120;
    public int ChurnInstances { get; set; } = 1000;
    public double ChurnSeconds { get; set; } = 60;
    public int ChurnMaxMs { get; set; } = 500;
    public bool ChurnFloor { get; set; } = true;
    public bool WardenEvents { get; set; } = true;
    /// <summary>The restart scenario ends with one warden round that splits its CPU by stage (--no-stage-profile leaves it out).</summary>
    public bool StageProfileRound { get; set; } = true;
    /// <summary>
    /// Restarts the profile round measures: five times a round's by default. Its one window is compared with the median of
    /// the rounds, and a second of restarts is too short for that (a tier-1 recompile or a collection in it moved it by half).
    /// </summary>
    public int StageProfileRestarts { get; set; } = 10000;
    public int HeartbeatInstances { get; set; } = 1000;
    public int HeartbeatRounds { get; set; } = 3;
    public double HeartbeatSettleSeconds { get; set; } = 10;
    public int HeartbeatWindows { get; set; } = 6;
    public double HeartbeatWindowSeconds { get; set; } = 10;
    public string Notes { get; set; } = "";
    public string RepoRoot { get; set; } = "";
    public string DotnetSdk { get; set; } = "";

    public static Options Parse(string[] args)
    {
        var o = new Options();
        var smokeDefaults = args.Contains("--smoke");
        if (smokeDefaults)
        {
            o.Smoke = true;
            o.Rounds = 2;
            o.Restarts = 100;
            o.StageProfileRestarts = 100;
            o.Warmup = 10;
            o.SupervisordSeconds = 3;
            o.FarmSizes.Clear();
            o.FarmSizes.AddRange([10, 50]);
            o.FarmSettleSeconds = 1;
            o.FarmIdleSeconds = 2;
            o.FarmTimeoutSeconds = 60;
            o.ChurnInstances = 50;
            o.ChurnSeconds = 3;
            o.HeartbeatInstances = 50;
            o.HeartbeatRounds = 1;
            o.HeartbeatSettleSeconds = 1;
            o.HeartbeatWindows = 2;
            o.HeartbeatWindowSeconds = 2;
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            double D() => double.Parse(Next(), CultureInfo.InvariantCulture);
            int I() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--smoke": break;
                case "--work": o.Work = Path.GetFullPath(Next()); break;
                case "--bin": o.Bin = Path.GetFullPath(Next()); break;
                case "--out": o.Out = Path.GetFullPath(Next()); break;
                case "--warden": o.Warden = Next() is { Length: > 0 } w ? Path.GetFullPath(w) : null; break;
                case "--supervisord": o.Supervisord = Next() is { Length: > 0 } s ? s : null; break;
                case "--require-warden": o.RequireWarden = true; break;
                case "--only":
                    o.Scenarios.Clear();
                    foreach (var sc in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        o.Scenarios.Add(sc);
                    }

                    break;
                case "--rounds": o.Rounds = I(); break;
                case "--restarts": o.Restarts = I(); break;
                case "--stage-profile-restarts": o.StageProfileRestarts = I(); break;
                case "--warmup": o.Warmup = I(); break;
                case "--warmup-max": o.WarmupMax = I(); break;
                case "--warmup-fixed": o.WarmupUntilJitIdle = false; break;
                case "--supervisord-seconds": o.SupervisordSeconds = D(); break;
                case "--farm-sizes":
                    o.FarmSizes.Clear();
                    o.FarmSizes.AddRange(Next().Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)));
                    break;
                case "--farm-settle": o.FarmSettleSeconds = D(); break;
                case "--farm-idle": o.FarmIdleSeconds = D(); break;
                case "--churn-instances": o.ChurnInstances = I(); break;
                case "--churn-seconds": o.ChurnSeconds = D(); break;
                case "--churn-max-ms": o.ChurnMaxMs = I(); break;
                case "--no-churn-floor": o.ChurnFloor = false; break;
                case "--warden-events-off": o.WardenEvents = false; break;
                case "--no-stage-profile": o.StageProfileRound = false; break;
                case "--heartbeat-instances": o.HeartbeatInstances = I(); break;
                case "--heartbeat-rounds": o.HeartbeatRounds = I(); break;
                case "--heartbeat-settle": o.HeartbeatSettleSeconds = D(); break;
                case "--heartbeat-windows": o.HeartbeatWindows = I(); break;
                case "--heartbeat-window-seconds": o.HeartbeatWindowSeconds = D(); break;
                case "--warden-extra": WardenConfig.Extra = Next(); break;
                case "--notes": o.Notes = Next(); break;
                case "--repo": o.RepoRoot = Path.GetFullPath(Next()); break;
                case "--dotnet-sdk": o.DotnetSdk = Next(); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }

        if (o.Work.Length == 0 || o.Bin.Length == 0 || o.Out.Length == 0)
        {
            throw new ArgumentException("--work, --bin and --out are required (benchmarks/run.sh passes them)");
        }

        return o;
    }

    public IEnumerable<(string Key, string Value)> Describe(string scenario)
    {
        yield return ("mode", Smoke ? "smoke (small N, short durations, bars not enforced)" : "full");
        if (WardenConfig.Extra.Length > 0)
        {
            yield return ("extra warden config (experiment)", "`" + WardenConfig.Extra + "`");
        }

        var dotnetEnv = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && k is not "DOTNET_CLI_TELEMETRY_OPTOUT" and not "DOTNET_NOLOGO" and not "DOTNET_SKIP_FIRST_TIME_EXPERIENCE").Order().ToList();
        if (dotnetEnv.Count > 0)
        {
            yield return ("DOTNET_* environment (inherited by the warden)", string.Join(", ", dotnetEnv.Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")));
        }
        switch (scenario)
        {
            case "restart":
                yield return ("rounds (interleaved floor, warden)", Rounds.ToString(CultureInfo.InvariantCulture));
                yield return ("measured restarts per round", Restarts.ToString(CultureInfo.InvariantCulture));
                yield return ("warm-up restarts dropped per round", WarmupUntilJitIdle
                    ? $"at least {Warmup.ToString(CultureInfo.InvariantCulture)}; for the warden, until its tier-1 JIT thread has used no CPU for 2 s (at most {WarmupMax.ToString(CultureInfo.InvariantCulture)}): the count per round is in the internals table"
                    : Warmup.ToString(CultureInfo.InvariantCulture));
                yield return ("supervisord duration", SupervisordSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                yield return ("warden events file", WardenEvents ? "on (logs/events.jsonl)" : "off");
                yield return ("profile round (restart cost by stage)", StageProfileRound
                    ? $"one more warden round after the rounds, `diagnostics.stage-costs = on`, same warm-up, {StageProfileRestarts.ToString(CultureInfo.InvariantCulture)} measured restarts; not in the bars, percentiles or chart"
                    : "off (--no-stage-profile)");
                break;
            case "heartbeat":
                yield return ("instances", HeartbeatInstances.ToString(CultureInfo.InvariantCulture));
                yield return ("heartbeat", "WATCHDOG=1 every 1 s per instance (static C `beater`); health { type = heartbeat, interval = 5s, failures = 3 }");
                yield return ("baseline", "the same farm of the same binary without a notify socket (it only sleeps)");
                yield return ("rounds (interleaved baseline, heartbeat)", HeartbeatRounds.ToString(CultureInfo.InvariantCulture));
                yield return ("settle after all Running (and healthy)", HeartbeatSettleSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                yield return ("CPU windows per round", $"{HeartbeatWindows} x {HeartbeatWindowSeconds.ToString(CultureInfo.InvariantCulture)} s");
                break;
            case "farm":
                yield return ("sizes", string.Join(", ", FarmSizes));
                yield return ("settle before sampling", FarmSettleSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                yield return ("idle CPU window", FarmIdleSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                yield return ("timeout to all Running", FarmTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                break;
            case "churn":
                yield return ("instances", ChurnInstances.ToString(CultureInfo.InvariantCulture));
                yield return ("window", ChurnSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                yield return ("child lifetime", $"uniform random 0..{ChurnMaxMs} ms (rand_r seeded by pid and start time)");
                yield return ("floor run", ChurnFloor ? "yes (same N, same window)" : "no");
                break;
        }
    }
}
