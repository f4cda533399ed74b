using System.Text;

namespace ActorWarden.Supervision.Tests.Simulation;

/// <summary>
/// The day-long workloads of the 2 s budget in docs/simulate.md: 100 services (always restarted, 50
/// restarts per minute allowed, 10 % backoff jitter), optionally each with a tcp health check every 5 s,
/// for one day with seed 7, optionally each crashing every 10 minutes on average. <see cref="WriteFiles"/>
/// writes the same text as CONFIG and SCENARIO files for timing the `warden simulate` command itself.
/// </summary>
internal static class HundredServiceDay
{
    public static string Config(bool healthChecks)
    {
        var config = new StringBuilder("warden { root { max-restarts = 1000, within = 60s }, services {\n");
        for (var i = 0; i < 100; i++)
        {
            var health = healthChecks ? ", health { type = tcp, port = 9000, interval = 5s }" : "";
            config.Append($"  s{i} {{ command = \"/bin/s{i}\", restart = always, max-restarts = 50, within = 60s, backoff.jitter = 0.1{health} }}\n");
        }

        return config.Append("} }\n").ToString();
    }

    public static string Scenario(bool crashes)
    {
        var scenario = new StringBuilder("scenario { duration = 1d, seed = 7, services {\n");
        for (var i = 0; crashes && i < 100; i++)
        {
            scenario.Append($"  s{i} {{ crash-rate {{ mean-time-between = 10m, code = 1 }} }}\n");
        }

        return scenario.Append("} }\n").ToString();
    }

    /// <summary>Writes NAME.conf and NAME.scenario.conf into <paramref name="directory"/>.</summary>
    public static void WriteFiles(string directory, string name, bool healthChecks, bool crashes)
    {
        File.WriteAllText(Path.Combine(directory, $"{name}.conf"), Config(healthChecks));
        File.WriteAllText(Path.Combine(directory, $"{name}.scenario.conf"), Scenario(crashes));
    }
}
