using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Host.Decisions;
using ActorWarden.Processes;
using ActorWarden.Supervision.Runtime;

namespace ActorWarden.Cli;

/// <summary>
/// Builds the production warden: real OS processes, the host's actor system (Akka.Hosting), the host's logger, a
/// reloader that re-reads the same config file through the same loader `validate` uses, and the
/// decision log that writes every spawn, exit, backoff and Fatal into the host's log (console,
/// journald or the service log and Windows Event Log).
/// </summary>
public static class WardenRuntimeFactory
{
    /// <summary>The warden of <paramref name="settings"/>; <paramref name="launcher"/> (from <see cref="WardenContainment.CreateLauncher"/>) is created from the settings when null.</summary>
    public static IWardenRuntime Create(WardenSettings settings, Serilog.ILogger logger, Func<Akka.Actor.ActorSystem>? actorSystem = null, IProcessLauncher? launcher = null)
    {
        launcher ??= WardenContainment.CreateLauncher(settings);
        if (settings.Cluster.Enabled && actorSystem is not null)
        {
            return ClusterComposition.CreateRuntime(settings, logger, actorSystem, launcher);
        }

        Warden? warden = null;
        warden = new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = launcher,
            Logger = logger,
            ActorSystemProvider = actorSystem,
            Reloader = () => WardenConfigLoader.Load(settings.ConfigFile),
            Observers = [new DecisionLog(logger, SuccessExits.From(() => warden?.Settings ?? settings), clock: TimeProvider.System)],
        });
        return new ContainedWarden(warden, launcher);
    }
}
