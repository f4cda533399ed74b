using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Runs a warden config against a scenario on virtual time: the very <see cref="Warden"/> that
/// `warden run` starts — same guardian, group and service supervisors, process actors, strategies,
/// intensity and backoff — in an Akka system on a <see cref="VirtualTime.VirtualTimeScheduler"/> with every
/// dispatcher FIFO (<see cref="WardenVirtualTime"/>), with <see cref="SimulatedLauncher"/> in place of the OS and
/// <see cref="ScriptedHealthProbe"/>s in place of the network. Nothing is re-implemented here, so what
/// the simulation shows is what the tree does; and nothing touches the disk or the wall clock, so the
/// same input gives the same bytes.
/// </summary>
/// <remarks>
/// The clock is advanced with one <see cref="VirtualTime.VirtualTimeScheduler.Advance"/> over the whole duration: the
/// scheduler jumps from one due timer to the next, so idle stretches cost nothing and the cost of a run
/// is the number of timers and messages the tree produces (health checks dominate long runs).
/// </remarks>
public static class Simulator
{
    /// <summary>The environment every simulated service inherits, fixed so runs do not depend on the machine.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/home/warden",
        ["LANG"] = "C.UTF-8",
    };

    /// <summary>Simulates <paramref name="settings"/> under <paramref name="scenario"/> for its duration (or until the warden exits).</summary>
    /// <exception cref="ArgumentException">The settings cannot form a tree (the same checks as `warden run`).</exception>
    public static SimulationResult Run(WardenSettings settings, Scenario scenario) => Run(settings, scenario, new SimulationOptions());

    /// <summary>As <see cref="Run(WardenSettings, Scenario)"/>, hosted as <paramref name="hosting"/> says.</summary>
    public static SimulationResult Run(WardenSettings settings, Scenario scenario, SimulationOptions hosting)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(hosting);

        // Continuations of the tree's own asks (shutdown after a give-up) must resume inline on this
        // thread, not on a caller's SynchronizationContext (a UI, or xunit's), or they would run later
        // on another thread and the timeline would depend on scheduling.
        var callerContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return RunOnThisThread(settings, scenario, hosting);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(callerContext);
        }
    }

    private static SimulationResult RunOnThisThread(WardenSettings settings, Scenario scenario, SimulationOptions hosting)
    {
        using var created = hosting.System is null ? WardenVirtualTime.Create() : null;
        var virtualSystem = created ?? hosting.System!.GetAwaiter().GetResult();

        // Cluster hook: the tree runs one node's own services; the model places the cluster's instances.
        var cluster = scenario.Cluster is { } clusterScenario ? Clustering.ClusterSimulation.Model(settings, scenario, clusterScenario) : null;
        settings = cluster is null ? settings : Clustering.ClusterSimulation.LocalPart(settings);
        var time = virtualSystem.Time;
        var origin = time.UtcNow;
        var launcher = new SimulatedLauncher(time, scenario);
        var recorder = new TimelineRecorder(hosting.OnEvent);
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
            Environment = Environment,
            ResolveCommand = static (command, _) => command,
            ProcessExists = static (_, _) => false,
            NotifyChannels = launcher.Notify,
        };
        var warden = new Warden(settings, options);
        warden.StartAsync().GetAwaiter().GetResult();
        time.RunUntilIdle();
        time.Advance(scenario.Duration);

        // The warden-stopped event is emitted inline by the shutdown that follows a give-up with
        // on-give-up = exit; Completion is set a little later from the actor system's termination task,
        // which may run on another thread, so the event is the deterministic witness of the exit.
        recorder.Freeze();
        var events = recorder.Events;
        var stopped = events.LastOrDefault(e => e.Payload is WardenStoppedEvent);
        int? exitCode = (stopped?.Payload as WardenStoppedEvent)?.ExitCode;
        var end = stopped is not null ? stopped.Ts - origin : scenario.Duration;
        var missed = launcher.Finish(end);

        // The tree is not stopped through its own shutdown: nothing after the freeze is part of the
        // timeline, and the stop wave of a hundred services took a tenth of a second. Disposing the actor
        // system (here, or by the caller that brought it) ends every actor; a simulated tree owns no
        // thread and no OS resource.
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
            Cluster = cluster?.Finish(end),
        };
    }

    private static IReadOnlyList<TimeWindow> HealthFailuresOf(Scenario scenario, IReadOnlyDictionary<string, string> env)
    {
        var instance = env.GetValueOrDefault("INSTANCE_NAME") ?? string.Empty;
        var service = env.GetValueOrDefault("SERVICE") ?? instance;
        return scenario.ScriptFor(service, instance).HealthFails ?? Array.Empty<TimeWindow>();
    }
}
