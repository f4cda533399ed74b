using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorWarden.ProcessBench;

/// <summary>
/// Process benchmarks of the warden against the floor (bare posix_spawn + waitpid in C) and supervisord:
/// restart latency, farm scale and churn. Run through benchmarks/run.sh, which builds everything and
/// passes --work/--bin/--out.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Options o;
        try
        {
            o = Options.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine("process-bench: " + e.Message);
            return 2;
        }

        Directory.CreateDirectory(o.Work);
        Cleanup.Init(o.Work, o.Bin);
        var regs = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(s => PosixSignalRegistration.Create(s, ctx =>
            {
                Cleanup.Aborting = true;
                Console.Error.WriteLine($"process-bench: {ctx.Signal}, killing everything it started");
                Cleanup.KillEverything();
                ctx.Cancel = true;
                Environment.Exit(ctx.Signal switch { PosixSignal.SIGINT => 130, PosixSignal.SIGHUP => 129, _ => 143 });
            }))
            .ToList();
        try
        {
            return Run(o);
        }
        finally
        {
            var n = Cleanup.KillEverything();
            if (n > 0)
            {
                Console.Error.WriteLine($"process-bench: killed {n} leftover processes");
            }

            foreach (var r in regs)
            {
                r.Dispose();
            }
        }
    }

    private static int Run(Options o)
    {
        var machine = Machine.Probe(o);
        Console.WriteLine($"process-bench ({(o.Smoke ? "smoke" : "full")}): {machine.Nproc} vCPU {machine.CpuModel}, Linux {machine.Kernel}, {machine.Dotnet}, supervisord {machine.Supervisord}, load {machine.LoadAtStart}");
        Console.WriteLine($"warden: {o.Warden ?? "(not available)"}");
        var report = new Report(o, machine);
        var failures = new List<string>();
        var summary = new Dictionary<string, object?> { ["machine"] = machine, ["smoke"] = o.Smoke };

        if (o.Scenarios.Contains("restart"))
        {
            var r = new RestartLatency(o);
            r.Run();
            report.RestartLatency(r);
            summary["restart"] = r.Runs;
            if (r.Profile is not null)
            {
                summary["restartStageProfile"] = r.Profile;
            }

            failures.AddRange(r.Runs.Where(x => !x.Ok).Select(x => $"restart {x.System} r{x.Round}: {x.Failure}"));
            // A diagnostic: in a full run its failure is in the report only; smoke (CI) fails on it so the path cannot rot.
            if (o.Smoke && r.Profile?.Failure is { } profileFailure)
            {
                failures.Add("restart warden profile round: " + profileFailure);
            }
        }

        if (o.Scenarios.Contains("farm"))
        {
            if (o.Warden is null)
            {
                report.Farm(null, "the warden is not available (build failed or `warden run` not implemented yet).");
            }
            else
            {
                var f = new FarmScale(o);
                f.Run();
                report.Farm(f, null);
                summary["farm"] = f.Runs;
                failures.AddRange(f.Runs.Where(x => !x.Ok).Select(x => $"farm {x.Instances}: {x.Failure}"));
            }
        }

        if (o.Scenarios.Contains("churn"))
        {
            var c = new Churn(o);
            c.Run();
            report.Churn(c);
            summary["churn"] = c.Runs;
            failures.AddRange(c.Runs.Where(x => !x.Ok).Select(x => $"churn {x.System}: {x.Failure}"));
        }

        if (o.Scenarios.Contains("heartbeat") && o.Warden is not null)
        {
            var h = new Heartbeat(o);
            h.Run();
            report.Heartbeat(h);
            summary["heartbeat"] = h.Runs.Select(r => new { r.Mode, r.Round, r.Instances, r.Ok, r.Failure, r.WindowCpuPct, r.RssKb, r.Threads, r.Fds, r.Healthy, r.Unhealthy }).ToList();
            failures.AddRange(h.Runs.Where(x => !x.Ok).Select(x => $"heartbeat warden {x.Mode} r{x.Round}: {x.Failure}"));
        }

        var json = JsonSerializer.Serialize(summary, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        });
        File.WriteAllText(Path.Combine(o.Out, "summary.json"), json);

        foreach (var f in failures)
        {
            Console.Error.WriteLine("FAILED: " + f);
        }

        foreach (var b in report.BarFailures)
        {
            Console.Error.WriteLine("BAR MISSED: " + b);
        }

        if (failures.Count > 0 && (o.RequireWarden || !failures.All(f => f.Contains("warden", StringComparison.Ordinal))))
        {
            return 1;
        }

        if (o.RequireWarden && o.Warden is null)
        {
            Console.Error.WriteLine("FAILED: the warden is required (--require-warden) but not available");
            return 1;
        }

        return report.BarFailures.Count > 0 ? 3 : 0;
    }
}
