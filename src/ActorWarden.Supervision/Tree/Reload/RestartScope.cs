using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Reload;

/// <summary>
/// Which settings of a service need its process restarted when a reload changes them, and which apply
/// to the running process (systemd restarts a unit only for what its process was started with): the
/// command line, environment, identity, working directory, limits, umask, instance count, ports, nice and
/// the logs (whose shipper owns the process's open pipes) need a restart; health, backoff, intensity,
/// restart policy, stop ladder, memory limit, reload, pre-start/post-stop, start-seconds, dependencies
/// and autostart apply in place. A setting added later restarts until it is listed here: the safe side.
/// </summary>
public static class RestartScope
{
    /// <summary>True when going from <paramref name="before"/> to <paramref name="after"/> needs the process restarted.</summary>
    public static bool NeedsRestart(ServiceSpec before, ServiceSpec after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return !StructuralEquality.AreEqual(WhatTheProcessWasStartedWith(before), WhatTheProcessWasStartedWith(after));
    }

    /// <summary>The spec with every setting that applies in place set to its default.</summary>
    private static ServiceSpec WhatTheProcessWasStartedWith(ServiceSpec spec)
    {
        var defaults = new ServiceSpec { Name = spec.Name, Command = spec.Command };
        return spec with
        {
            Autostart = defaults.Autostart,
            Restart = defaults.Restart,
            SuccessExitCodes = defaults.SuccessExitCodes,
            ExitCodes = defaults.ExitCodes,
            StartSeconds = defaults.StartSeconds,
            StartRetries = defaults.StartRetries,
            FatalRetry = defaults.FatalRetry,
            Backoff = defaults.Backoff,
            Intensity = defaults.Intensity,
            Stop = defaults.Stop,
            DependsOn = defaults.DependsOn,
            BindsTo = defaults.BindsTo,
            MaxMemoryBytes = defaults.MaxMemoryBytes,
            MemoryCheckInterval = defaults.MemoryCheckInterval,
            Health = defaults.Health,
            Reload = defaults.Reload,
            Hooks = defaults.Hooks,
        };
    }
}
