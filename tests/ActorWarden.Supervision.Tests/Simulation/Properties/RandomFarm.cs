using System.Globalization;
using System.Text;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>
/// A generated case of the supervision property: a config (1–4 services, groups, depends-on, root
/// policy), the scenario its processes play, the operator commands and an optional reload. It renders
/// itself as the HOCON texts `warden simulate` reads, which is also the replay form printed when the
/// property fails.
/// </summary>
internal sealed record RandomFarm(
    IReadOnlyList<FarmService> Services,
    IReadOnlyList<FarmGroup> Groups,
    int RootMaxRestarts,
    string OnGiveUp,
    IReadOnlyList<FarmScript> Scripts,
    string? ExecErrorService,
    IReadOnlyList<OperatorAction> Actions,
    FarmReload? Reload,
    int DurationS,
    int Seed)
{
    public string ConfigHocon() => Config(Services);

    /// <summary>The config the reload reads: the same farm with <see cref="FarmReload.Service"/> changed.</summary>
    public string? ReloadedConfigHocon() =>
        Reload is not { } reload ? null : Config(Services.Select(s => s.Name == reload.Service ? Changed(s, reload.Change) : s).ToArray());

    public string ScenarioHocon()
    {
        var text = new StringBuilder();
        text.Append(Inv($"scenario {{\n  duration = {DurationS}s\n  seed = {Seed}\n"));
        if (ExecErrorService is { } failing)
        {
            text.Append(Inv($"  services {{ {failing} {{ exec-error = \"no such file or directory\" }} }}\n"));
        }

        text.Append("  instances {\n");
        foreach (var script in Scripts)
        {
            var keys = new List<string>();
            if (script.Exits.Count > 0)
            {
                keys.Add("exits = [" + string.Join(", ", script.Exits.Select(e => e.Killed
                    ? Inv($"{{ at = {e.AtMs}ms, signal = SIGKILL }}")
                    : Inv($"{{ at = {e.AtMs}ms, code = {e.Code} }}"))) + "]");
            }

            keys.Add($"stop-delay = {script.StopDelay}");
            if (script.HealthFails.Count > 0)
            {
                keys.Add("health-fails = [" + string.Join(", ", script.HealthFails.Select(w => Inv($"{{ from = {w.FromMs}ms, to = {w.ToMs}ms }}"))) + "]");
            }

            text.Append(Inv($"    \"{script.Instance}\" {{ {string.Join(", ", keys)} }}\n"));
        }

        text.Append("  }\n}\n");
        return text.ToString();
    }

    /// <summary>Everything needed to replay the case by hand: both configs, the scenario and the operator timeline.</summary>
    public string Replay()
    {
        var text = new StringBuilder();
        text.Append("\n# warden.conf\n").Append(ConfigHocon());
        text.Append("# farm.scenario.conf\n").Append(ScenarioHocon());
        text.Append("# operator (virtual time: command, not awaited)\n");
        foreach (var action in Actions.OrderBy(a => a.AtMs))
        {
            text.Append(Inv($"#   {action.AtMs}ms  {action.Verb} {action.Target}\n"));
        }

        if (Reload is { } reload)
        {
            text.Append(Inv($"#   {reload.AtMs}ms  reload ({reload.Service}: {reload.Change}) of:\n")).Append(ReloadedConfigHocon());
        }

        return text.ToString();
    }

    private string Config(IReadOnlyList<FarmService> services)
    {
        var text = new StringBuilder();
        text.Append(Inv($"warden {{\n  root {{ max-restarts = {RootMaxRestarts}, within = 60s, on-give-up = {OnGiveUp} }}\n  services {{\n"));
        foreach (var s in services)
        {
            text.Append(Inv($"    {s.Name} {{ command = \"/opt/farm/{s.Name}\", args = [{string.Join(", ", ArgsOf(s).Select(a => $"\"{a}\""))}], instances = {s.Instances}, restart = {s.Restart}"));
            text.Append(Inv($", start-seconds = {s.StartMs}ms, start-retries = {s.StartRetries}, fatal-retry = 30s"));
            text.Append(Inv($", backoff {{ min = {s.BackoffMinMs}ms, max = 5s, jitter = {s.Jitter:0.0} }}, max-restarts = {s.MaxRestarts}, within = {s.WithinS}s"));
            text.Append(Inv($", stop {{ timeout = {s.StopTimeoutMs}ms }}, depends-on = [{string.Join(", ", s.DependsOn)}]"));
            if (s.Health)
            {
                text.Append(", health { type = tcp, port = 9000, interval = 1s, timeout = 500ms, failures = 2, start-period = 2s }");
            }

            text.Append(" }\n");
        }

        text.Append("  }\n  groups {\n");
        foreach (var g in Groups)
        {
            text.Append(Inv($"    {g.Name} {{ strategy = {g.Strategy}, members = [{string.Join(", ", g.Members)}], max-restarts = {g.MaxRestarts}, within = {g.WithinS}s }}\n"));
        }

        text.Append("  }\n}\n");
        return text.ToString();
    }

    private static IEnumerable<string> ArgsOf(FarmService service) => [$"--v{service.Version}"];

    private static FarmService Changed(FarmService service, string change) => change switch
    {
        "args" => service with { Version = service.Version + 1 },
        "instances" => service with { Instances = service.Instances == 1 ? 2 : service.Instances - 1 },
        "restart" => service with { Restart = service.Restart == "always" ? "on-failure" : "always" },
        "stop-timeout" => service with { StopTimeoutMs = service.StopTimeoutMs + 1000 },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown change"),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
