using System.Collections;
using ActorWarden.Processes;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Health;

/// <summary>
/// Turns a (variable-expanded) <see cref="HealthSpec"/> into the probe it describes. Everything that
/// can be wrong with the spec is found here, once, with an error naming the setting, rather than as a
/// probe that fails every interval for a reason nobody reads.
/// </summary>
public static class HealthProbeFactory
{
    /// <summary>Builds the probe for <paramref name="spec"/>.</summary>
    /// <param name="spec">The check, with ${VARS} already expanded.</param>
    /// <param name="launcher">Starts exec checks.</param>
    /// <param name="environment">
    /// Complete environment for exec checks (normally the instance's); null = the warden's own. Its PATH
    /// is also where a bare command name is looked up. Exec checks run as <see cref="HealthSpec.RunAs"/>:
    /// the instance's user, group and working directory.
    /// </param>
    /// <exception cref="ArgumentException">The spec is unusable; the message names the setting and the value.</exception>
    public static IHealthProbe Create(HealthSpec spec, IProcessLauncher launcher, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(launcher);
        ValidateTiming(spec);
        return spec.Type switch
        {
            HealthCheckType.Http => CreateHttp(spec),
            HealthCheckType.Tcp => CreateTcp(spec),
            HealthCheckType.Exec => CreateExec(spec, launcher, environment ?? WardenEnvironment()),
            _ => throw new ArgumentException($"health.type = {spec.Type.ToString().ToLowerInvariant()} has no probe; a probe exists only for http, tcp and exec checks (heartbeat checks wait for WATCHDOG=1 instead).", nameof(spec)),
        };
    }

    private static void ValidateTiming(HealthSpec spec)
    {
        if (spec.Interval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"health.interval must be positive, found {spec.Interval}.", nameof(spec));
        }

        if (spec.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"health.timeout must be positive, found {spec.Timeout}.", nameof(spec));
        }

        if (spec.Failures < 1)
        {
            throw new ArgumentException($"health.failures must be at least 1, found {spec.Failures}.", nameof(spec));
        }

        if (spec.StartPeriod < TimeSpan.Zero)
        {
            throw new ArgumentException($"health.start-period must not be negative, found {spec.StartPeriod}.", nameof(spec));
        }
    }

    private static HttpHealthProbe CreateHttp(HealthSpec spec)
    {
        if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"health.url must be an absolute http:// or https:// URL, found '{spec.Url}'.", nameof(spec));
        }

        foreach (var code in spec.ExpectStatus)
        {
            if (code is < 100 or > 599)
            {
                throw new ArgumentException($"health.expect-status: {code} is not an HTTP status code (100-599).", nameof(spec));
            }
        }

        return new HttpHealthProbe(url, spec.ExpectStatus.ToArray());
    }

    private static TcpHealthProbe CreateTcp(HealthSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Host))
        {
            throw new ArgumentException("health.host must not be empty for a tcp check.", nameof(spec));
        }

        if (!int.TryParse(spec.Port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new ArgumentException($"health.port must be a TCP port (1-65535), found '{spec.Port}'.", nameof(spec));
        }

        return new TcpHealthProbe(spec.Host, port);
    }

    private static ExecHealthProbe CreateExec(HealthSpec spec, IProcessLauncher launcher, IReadOnlyDictionary<string, string> environment)
    {
        if (string.IsNullOrWhiteSpace(spec.Command))
        {
            throw new ArgumentException("health.command must not be empty for an exec check.", nameof(spec));
        }

        environment.TryGetValue("PATH", out var path);
        var fileName = ExecutableLookup.Resolve(spec.Command, path)
            ?? throw new ArgumentException($"health.command: '{spec.Command}' was not found (PATH={path ?? "<unset>"}).", nameof(spec));
        var startSpec = new ProcessStartSpec
        {
            FileName = fileName,
            Arguments = spec.Args.ToArray(),
            Environment = environment,
            CaptureOutput = false,
            User = spec.RunAs.User,
            Group = spec.RunAs.Group,
            WorkingDirectory = spec.RunAs.Directory,
            ContainmentName = spec.RunAs.ContainmentName,
        };
        return new ExecHealthProbe(launcher, startSpec);
    }

    private static Dictionary<string, string> WardenEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return result;
    }
}
