using System.Collections.Frozen;
using System.Globalization;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Launch;

/// <summary>
/// The complete environment of one instance: inherit-env + the user's account (HOME, USER, LOGNAME,
/// SHELL) + env + secret-env − env-unset, then the
/// per-instance variables (SERVICE, INSTANCE, INSTANCE_INDEX, INSTANCE_NAME, PORT) that let one service
/// spec describe a farm, and the notify protocol's NOTIFY_SOCKET and WATCHDOG_USEC (as systemd sets
/// them) when the service uses it. The launcher inherits nothing, so this is exactly what the child sees.
/// </summary>
public static class InstanceEnvironment
{
    /// <summary>Builds the environment of <paramref name="instance"/>.</summary>
    /// <param name="spec">The service.</param>
    /// <param name="instance">The instance.</param>
    /// <param name="wardenEnvironment">The warden's own environment, used when inherit-env is on.</param>
    /// <param name="notifySocket">The instance's notify socket (or pipe) address; null when the service does not use the protocol.</param>
    public static IReadOnlyDictionary<string, string> Build(
        ServiceSpec spec,
        InstanceIdentity instance,
        IReadOnlyDictionary<string, string> wardenEnvironment,
        string? notifySocket = null)
    {
        var env = spec.InheritEnv
            ? new Dictionary<string, string>(wardenEnvironment, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        AddAccount(env, spec.User);
        foreach (var (key, value) in spec.Env)
        {
            env[key] = value;
        }

        foreach (var (key, value) in spec.SecretEnv)
        {
            env[key] = value;
        }

        foreach (var key in spec.EnvUnset)
        {
            env.Remove(key);
        }

        // Cluster hook: an instance of a cluster-placed farm is hosted as a one-instance service of its
        // own, and keeps the farm's name and position wherever it runs.
        var (service, index) = spec.PlacedFrom is { } placed ? (placed.Service, placed.Index) : (spec.Name, instance.Index);
        env["SERVICE"] = service;
        env["INSTANCE"] = (index + 1).ToString(CultureInfo.InvariantCulture);
        env["INSTANCE_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
        env["INSTANCE_NAME"] = instance.Name;
        if (spec.PortBase > 0)
        {
            env["PORT"] = (spec.PortBase + index).ToString(CultureInfo.InvariantCulture);
        }

        // An inherited NOTIFY_SOCKET (the warden itself under systemd) is the warden's, never the child's.
        env.Remove("NOTIFY_SOCKET");
        env.Remove("WATCHDOG_USEC");
        env.Remove("WATCHDOG_PID");
        if (notifySocket is not null)
        {
            env["NOTIFY_SOCKET"] = notifySocket;
            if (spec.Health.Type == HealthCheckType.Heartbeat)
            {
                var limit = spec.Health.Interval * spec.Health.Failures;
                env["WATCHDOG_USEC"] = ((long)(limit.Ticks / TimeSpan.TicksPerMicrosecond)).ToString(CultureInfo.InvariantCulture);
            }
        }

        // Frozen: it never changes for the plan's life, so the launcher may keep its native form for every restart.
        return env.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// HOME, USER, LOGNAME and SHELL of the account a service runs as, as systemd's User= and
    /// <c>su -</c> set them, so a program run as <c>postgres</c> does not look for its files in the
    /// warden's home. The service's own env entries come after and win.
    /// </summary>
    private static void AddAccount(Dictionary<string, string> env, string? user)
    {
        if (string.IsNullOrEmpty(user) || ActorWarden.Processes.UserAccount.Find(user) is not { } account)
        {
            return;
        }

        env["HOME"] = account.Home;
        env["USER"] = account.Name;
        env["LOGNAME"] = account.Name;
        env["SHELL"] = account.Shell;
    }
}
