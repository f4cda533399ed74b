using ActorWarden.Hocon;
using ActorWarden.Config;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file (HOCON, format in docs/simulate.md) and checks it against the warden config
/// it will drive: every service and instance it names must exist, every script setting must be
/// well-typed and make sense (health failures need a health check). All problems are reported at once
/// as a <see cref="WardenConfigException"/> with file:line:column, exactly like the config loader, so
/// `warden simulate` fails the same way `warden validate` does.
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopKeys = ["scenario"];
    private static readonly string[] ScenarioKeys = ["duration", "seed", "services", "instances", "cluster"];
    private static readonly string[] ScriptKeys = ["exits", "health-fails", "exec-error", "crash-rate", "lifetime", "stop-delay", "ready-after", "watchdog-every", "watchdog-stops"];
    private static readonly string[] ExitKeys = ["at", "code", "signal"];
    private static readonly string[] WindowKeys = ["from", "to"];
    private static readonly string[] CrashKeys = ["mean-time-between", "code"];
    private static readonly string[] LifetimeKeys = ["duration", "code"];

    /// <summary>Loads <paramref name="path"/> for a warden configured as <paramref name="settings"/>.</summary>
    /// <exception cref="WardenConfigException">The file is missing, malformed or does not fit the config; lists every problem.</exception>
    public static Scenario Load(string path, WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new WardenConfigException([new ConfigError(null, "", $"scenario file '{path}' does not exist")]);
        }

        return Parse(() => HoconParser.ParseFile(path, Options), path, settings);
    }

    /// <summary>Parses scenario <paramref name="text"/> (tests, embedded examples); <paramref name="originName"/> appears in errors.</summary>
    /// <exception cref="WardenConfigException">The text is malformed or does not fit the config.</exception>
    public static Scenario Parse(string text, string originName, WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(() => HoconParser.ParseString(text, originName, Options), originName, settings);
    }

    /// <summary>Parses a duration given on the command line (<c>--duration 1h</c>) by the config's unit rules.</summary>
    /// <exception cref="WardenConfigException">The text is not a positive duration.</exception>
    public static TimeSpan ParseDuration(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<ConfigError>();
        var value = new HoconString(text, new HoconOrigin(what, 1, 1));
        var parsed = new ScenarioNodeReader(errors).Duration(value, what, allowZero: false);

        // A command-line value has no file position worth printing.
        return parsed ?? throw new WardenConfigException(errors.Select(e => e with { Origin = null }).ToArray());
    }

    private static HoconParseOptions Options => new() { UseEnvironment = false };

    private static Scenario Parse(Func<HoconConfig> parse, string origin, WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigError>();
        HoconConfig config;
        try
        {
            config = parse();
        }
        catch (HoconException ex)
        {
            throw new WardenConfigException([new ConfigError(ex.Origin, "", ex.Detail)]);
        }

        var reader = new ScenarioNodeReader(errors);
        var scenario = Bind(config.Root, reader, settings) with { Origin = origin };
        if (errors.Count > 0)
        {
            // In file order, whatever order the binder found them in.
            throw new WardenConfigException(errors.OrderBy(e => e.Origin?.Line ?? 0).ThenBy(e => e.Origin?.Column ?? 0).ToArray());
        }

        return scenario;
    }

    private static Scenario Bind(HoconObject root, ScenarioNodeReader reader, WardenSettings settings)
    {
        reader.Object(root, "", TopKeys);
        if (!root.TryGetValue("scenario", out var scenarioValue))
        {
            reader.Error(root.Origin, "scenario", "missing: a scenario file holds one object `scenario { duration, seed, services { }, instances { } }`");
            return new Scenario();
        }

        var body = reader.Object(scenarioValue, "scenario", ScenarioKeys);
        if (body is null)
        {
            return new Scenario();
        }

        var scenario = new Scenario();
        if (body.TryGetValue("duration", out var duration) && reader.Duration(duration, "scenario.duration", allowZero: false) is { } d)
        {
            scenario = scenario with { Duration = d };
        }

        if (body.TryGetValue("seed", out var seed) && reader.Int(seed, "scenario.seed", int.MinValue, int.MaxValue) is { } s)
        {
            scenario = scenario with { Seed = s };
        }

        var services = settings.Services.ToDictionary(x => x.Name, StringComparer.Ordinal);
        var instanceOwners = settings.Services
            .SelectMany(x => x.InstanceNames.Select(i => (Instance: i, Service: x)))
            .ToDictionary(x => x.Instance, x => x.Service, StringComparer.Ordinal);
        var serviceScripts = new Dictionary<string, ProcessScript>(StringComparer.Ordinal);
        var instanceScripts = new Dictionary<string, ProcessScript>(StringComparer.Ordinal);
        if (body.TryGetValue("services", out var servicesValue) && reader.Object(servicesValue, "scenario.services", null) is { } serviceEntries)
        {
            foreach (var name in serviceEntries.Keys)
            {
                var path = ScenarioNodeReader.Join("scenario.services", name);
                if (!services.TryGetValue(name, out var spec))
                {
                    reader.Error(serviceEntries.KeyOrigin(name), path, $"unknown service '{name}'; the config has {Known(services.Keys)}");
                    continue;
                }

                serviceScripts[name] = BindScript(serviceEntries[name], path, spec, reader);
            }
        }

        if (body.TryGetValue("instances", out var instancesValue) && reader.Object(instancesValue, "scenario.instances", null) is { } instanceEntries)
        {
            foreach (var name in instanceEntries.Keys)
            {
                var path = ScenarioNodeReader.Join("scenario.instances", name);
                if (!instanceOwners.TryGetValue(name, out var spec))
                {
                    reader.Error(instanceEntries.KeyOrigin(name), path, $"unknown instance '{name}'; the config has {Known(instanceOwners.Keys)}");
                    continue;
                }

                instanceScripts[name] = BindScript(instanceEntries[name], path, spec, reader);
            }
        }

        if (body.TryGetValue("cluster", out var clusterValue))
        {
            // Cluster hook (docs/simulate.md, "Modelling a cluster").
            scenario = scenario with { Cluster = Clustering.ClusterScenarioBinder.Bind(clusterValue, settings, reader) };
            Clustering.ClusterScenarioBinder.CheckPlacedScripts(body, settings, reader);
        }

        return scenario with { Services = serviceScripts, Instances = instanceScripts };
    }

    private static ProcessScript BindScript(HoconValue value, string path, ServiceSpec spec, ScenarioNodeReader reader)
    {
        var body = reader.Object(value, path, ScriptKeys);
        if (body is null)
        {
            return ProcessScript.None;
        }

        var script = ProcessScript.None;
        if (body.TryGetValue("exits", out var exits))
        {
            script = script with { Exits = BindExits(exits, path + ".exits", reader) };
        }

        if (body.TryGetValue("health-fails", out var healthFails))
        {
            var windowsPath = path + ".health-fails";
            if (spec.Health.Type == HealthCheckType.None)
            {
                reader.Error(healthFails.Origin, windowsPath, $"service '{spec.Name}' has no health check (health.type = none), so no probe can fail");
            }

            script = script with { HealthFails = BindWindows(healthFails, windowsPath, reader) };
        }

        if (body.TryGetValue("exec-error", out var execError))
        {
            script = script with { ExecError = reader.Text(execError, path + ".exec-error") };
        }

        if (body.TryGetValue("crash-rate", out var crashRate) && reader.Object(crashRate, path + ".crash-rate", CrashKeys) is { } crash)
        {
            var crashPath = path + ".crash-rate";
            var mean = crash.TryGetValue("mean-time-between", out var m)
                ? reader.Duration(m, crashPath + ".mean-time-between", allowZero: false)
                : Missing(reader, crash, crashPath + ".mean-time-between");
            var code = crash.TryGetValue("code", out var c) ? reader.Int(c, crashPath + ".code", 0, 255) : 1;
            if (mean is { } meanTime && code is { } exitCode)
            {
                script = script with { CrashRate = new CrashRate(meanTime, exitCode) };
            }
        }

        if (body.TryGetValue("lifetime", out var lifetime) && reader.Object(lifetime, path + ".lifetime", LifetimeKeys) is { } life)
        {
            var lifePath = path + ".lifetime";
            var runFor = life.TryGetValue("duration", out var l)
                ? reader.Duration(l, lifePath + ".duration")
                : Missing(reader, life, lifePath + ".duration");
            var code = life.TryGetValue("code", out var c) ? reader.Int(c, lifePath + ".code", 0, 255) : 0;
            if (runFor is { } duration && code is { } exitCode)
            {
                script = script with { Lifetime = new Lifetime(duration, exitCode) };
            }
        }

        if (body.TryGetValue("stop-delay", out var stopDelay))
        {
            script = script with { StopResponse = BindStopResponse(stopDelay, path + ".stop-delay", reader) };
        }

        return script with { Notify = BindNotify(body, path, spec, reader) };
    }

    private static NotifyScript? BindNotify(HoconObject body, string path, ServiceSpec spec, ScenarioNodeReader reader)
    {
        NotifyScript? notify = null;
        if (body.TryGetValue("ready-after", out var readyAfter))
        {
            if (spec.Ready != ReadyMode.Notify)
            {
                reader.Error(readyAfter.Origin, path + ".ready-after", $"service '{spec.Name}' does not wait for READY=1 (ready = started)");
            }

            var after = readyAfter is HoconString { Value: "never" } ? NotifyScript.ReadyNever : reader.Duration(readyAfter, path + ".ready-after");
            notify = (notify ?? new NotifyScript()) with { ReadyAfter = after };
        }

        foreach (var key in new[] { "watchdog-every", "watchdog-stops" })
        {
            if (body.TryGetValue(key, out var value) && spec.Health.Type != HealthCheckType.Heartbeat)
            {
                reader.Error(value.Origin, path + "." + key, $"service '{spec.Name}' has no heartbeat check (watchdog or health.type = heartbeat), so no WATCHDOG=1 is awaited");
            }
        }

        if (body.TryGetValue("watchdog-every", out var every))
        {
            notify = (notify ?? new NotifyScript()) with { WatchdogEvery = reader.Duration(every, path + ".watchdog-every", allowZero: false) };
        }

        if (body.TryGetValue("watchdog-stops", out var stops))
        {
            notify = (notify ?? new NotifyScript()) with { WatchdogStops = BindWindows(stops, path + ".watchdog-stops", reader) };
        }

        return notify;
    }

    private static IReadOnlyList<ScriptedExit> BindExits(HoconValue value, string path, ScenarioNodeReader reader)
    {
        var result = new List<ScriptedExit>();
        if (reader.List(value, path) is not { } items)
        {
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (reader.Object(items[i], itemPath, ExitKeys) is not { } item)
            {
                continue;
            }

            var at = item.TryGetValue("at", out var a) ? reader.Duration(a, itemPath + ".at") : Missing(reader, item, itemPath + ".at");
            var code = item.TryGetValue("code", out var c) ? reader.Int(c, itemPath + ".code", 0, 255) : 1;
            Processes.ProcessSignal? signal = null;
            if (item.TryGetValue("signal", out var sig))
            {
                var text = reader.Text(sig, itemPath + ".signal");
                if (text is not null && Spellings.Signals.TryGetValue(text, out var parsed))
                {
                    signal = parsed;
                }
                else if (text is not null)
                {
                    reader.Error(sig.Origin, itemPath + ".signal", $"expected one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGKILL, SIGUSR1, SIGUSR2, found \"{text}\"");
                }
            }

            if (at is { } time && code is { } exitCode)
            {
                result.Add(new ScriptedExit(time, exitCode, signal));
            }
        }

        // Stable sort: exits at the same instant keep their file order.
        return result.OrderBy(e => e.At).ToArray();
    }

    private static IReadOnlyList<TimeWindow> BindWindows(HoconValue value, string path, ScenarioNodeReader reader)
    {
        var result = new List<TimeWindow>();
        if (reader.List(value, path) is not { } items)
        {
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (reader.Object(items[i], itemPath, WindowKeys) is not { } item)
            {
                continue;
            }

            var from = item.TryGetValue("from", out var f) ? reader.Duration(f, itemPath + ".from") : Missing(reader, item, itemPath + ".from");
            TimeSpan? to = null;
            if (item.TryGetValue("to", out var t))
            {
                to = reader.Duration(t, itemPath + ".to");
                if (to is { } end && from is { } start && end <= start)
                {
                    reader.Error(t.Origin, itemPath + ".to", $"must be after from ({start.TotalSeconds:0.###}s)");
                    continue;
                }
            }

            if (from is { } begin)
            {
                result.Add(new TimeWindow(begin, to));
            }
        }

        return result.OrderBy(w => w.From).ToArray();
    }

    private static StopResponse? BindStopResponse(HoconValue value, string path, ScenarioNodeReader reader)
    {
        if (value is HoconString { Value: "never" or "off" })
        {
            return StopResponse.Never;
        }

        return reader.Duration(value, path) is { } delay ? new StopResponse(delay) : null;
    }

    private static TimeSpan? Missing(ScenarioNodeReader reader, HoconObject owner, string path)
    {
        reader.Error(owner.Origin, path, "missing");
        return null;
    }

    private static string Known(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
