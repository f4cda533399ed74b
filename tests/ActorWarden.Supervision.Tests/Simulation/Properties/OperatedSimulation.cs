using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>
/// <see cref="Simulator.Run(ActorWarden.Config.WardenSettings, Scenario)"/> with an operator: the same warden, virtual time, <see cref="SimulatedLauncher"/>,
/// <see cref="ScriptedHealthProbe"/>s and timeline recorder, plus supervisorctl-style start/stop/restart
/// commands and a reload issued at scripted virtual times. The scenario language has no operator
/// commands and no reload (docs/simulate.md, "Not simulated"), so the property drives them here.
/// Commands are fired and not awaited, as a second operator would: the clock keeps moving while the
/// tree answers them, so they overlap with crashes, backoff and stop ladders.
/// </summary>
internal static class OperatedSimulation
{
    /// <summary>The config file name every run reports, so the reload events do not carry a temporary path.</summary>
    public const string ConfigName = "farm.conf";

    public static SimulationResult Run(RandomFarm farm)
    {
        ArgumentNullException.ThrowIfNull(farm);
        var reload = farm.Reload is { } r ? (r.AtMs, farm.ReloadedConfigHocon()!) : ((int, string)?)null;
        return Run(farm.ConfigHocon(), farm.ScenarioHocon(), farm.Actions, reload);
    }

    /// <summary>Runs a config and a scenario (HOCON texts) with operator commands and, optionally, a reload at <c>AtMs</c> of another config text.</summary>
    public static SimulationResult Run(string config, string scenarioText, IReadOnlyList<OperatorAction> actions, (int AtMs, string Config)? reload = null)
    {
        var (settings, reloaded) = LoadConfigs(config, reload?.Config);
        var scenario = ScenarioLoader.Parse(scenarioText, "farm.scenario.conf", settings);
        var callerContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return RunOnThisThread(settings, scenario, Timeline(actions, reload?.AtMs), reloaded);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(callerContext);
        }
    }

    /// <summary>Both configs from the same file path (as a reload reads the file again), so nothing but the change differs between them.</summary>
    private static (WardenSettings Settings, WardenSettings? Reloaded) LoadConfigs(string config, string? reloadedConfig)
    {
        var directory = Directory.CreateTempSubdirectory("warden-prop-").FullName;
        try
        {
            var path = Path.Combine(directory, "warden.conf");
            File.WriteAllText(path, config);
            var settings = WardenConfigLoader.Load(path, useEnvironment: false) with { ConfigFile = ConfigName };
            WardenSettings? reloaded = null;
            if (reloadedConfig is { } next)
            {
                File.WriteAllText(path, next);
                reloaded = WardenConfigLoader.Load(path, useEnvironment: false) with { ConfigFile = ConfigName };
            }

            return (settings, reloaded);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static SimulationResult RunOnThisThread(WardenSettings settings, Scenario scenario, IEnumerable<(TimeSpan At, Func<Warden, Task> Command)> timeline, WardenSettings? reloaded)
    {
        using var virtualSystem = WardenVirtualTime.Create();
        var time = virtualSystem.Time;
        var origin = time.UtcNow;
        var launcher = new SimulatedLauncher(time, scenario);
        var recorder = new TimelineRecorder();
        var options = new WardenRuntimeOptions
        {
            Launcher = launcher,
            ActorSystemProvider = () => virtualSystem.System,
            VirtualTime = true,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
            HealthProbes = (_, env) => new ScriptedHealthProbe(time, HealthFailuresOf(scenario, env)),
            RandomSeed = scenario.Seed,
            WriteFiles = false,
            Observers = [recorder],
            ReadTreeRss = static _ => null,
            Environment = Simulator.Environment,
            ResolveCommand = static (command, _) => command,
            ProcessExists = static (_, _) => false,
            Reloader = reloaded is null ? null : () => reloaded,
        };
        var warden = new Warden(settings, options);
        warden.StartAsync().GetAwaiter().GetResult();
        time.RunUntilIdle();

        foreach (var (at, command) in timeline)
        {
            time.Advance(at - time.Monotonic);
            if (!recorder.Events.Any(e => e.Event == EventNames.WardenStopped))
            {
                _ = command(warden);
                time.RunUntilIdle();
            }
        }

        time.Advance(scenario.Duration - time.Monotonic);
        recorder.Freeze();
        var events = recorder.Events.ToArray();
        var stopped = events.LastOrDefault(e => e.Event == EventNames.WardenStopped);
        int? exitCode = stopped?.Fields.GetValueOrDefault("exit_code") is int code ? code : null;
        var end = stopped is not null ? stopped.Ts - origin : scenario.Duration;
        var missed = launcher.Finish(end);
        if (stopped is null)
        {
            Shutdown(warden, time, settings.ShutdownTimeout);
        }

        return new SimulationResult
        {
            Settings = settings,
            Layout = TreeLayout.From(settings),
            Scenario = scenario,
            Origin = origin,
            Events = events,
            End = end,
            WardenExitCode = exitCode,
            MissedExits = missed,
            Spawned = launcher.Spawned,
        };
    }

    /// <summary>Operator commands and the reload in time order (a reload after the commands of the same instant).</summary>
    private static IEnumerable<(TimeSpan At, Func<Warden, Task> Command)> Timeline(IReadOnlyList<OperatorAction> actions, int? reloadAtMs)
    {
        var steps = actions
            .Select(a => (At: TimeSpan.FromMilliseconds(a.AtMs), Order: 0, Command: CommandOf(a)))
            .ToList();
        if (reloadAtMs is { } reloadAt)
        {
            steps.Add((TimeSpan.FromMilliseconds(reloadAt), 1, w => w.ReloadAsync()));
        }

        return steps.OrderBy(s => s.At).ThenBy(s => s.Order).Select(s => (s.At, s.Command)).ToArray();
    }

    private static Func<Warden, Task> CommandOf(OperatorAction action) => action.Verb switch
    {
        "start" => w => w.StartAsync(action.Target),
        "stop" => w => w.StopAsync(action.Target),
        "restart" => w => w.RestartAsync(action.Target),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, "unknown operator verb"),
    };

    private static IReadOnlyList<TimeWindow> HealthFailuresOf(Scenario scenario, IReadOnlyDictionary<string, string> env)
    {
        var instance = env.GetValueOrDefault("INSTANCE_NAME") ?? string.Empty;
        var service = env.GetValueOrDefault("SERVICE") ?? instance;
        return scenario.ScriptFor(service, instance).HealthFails ?? Array.Empty<TimeWindow>();
    }

    /// <summary>Stops the warden after the timeline is frozen, as the simulator does, so the actor system ends cleanly.</summary>
    private static void Shutdown(Warden warden, VirtualTimeScheduler time, TimeSpan shutdownTimeout)
    {
        var stopped = warden.StopAsync(shutdownTimeout);
        var limit = time.Monotonic + shutdownTimeout + TimeSpan.FromMinutes(1);
        while (!stopped.IsCompleted && time.Monotonic < limit)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        if (stopped.IsCompleted)
        {
            warden.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
