using ActorWarden.Processes;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Cli;

/// <summary>
/// Builds the production warden: real OS processes, the real-time scheduler, the host's logger, and
/// a reloader that re-reads the same config file through the same loader `validate` uses.
/// </summary>
public static class WardenRuntimeFactory
{
    public static IWardenRuntime Create(WardenSettings settings, Serilog.ILogger logger) =>
        new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = ProcessLauncher.ForCurrentOs(),
            Logger = logger,
            Reloader = () => WardenConfigLoader.Load(settings.ConfigFile),
        });
}
