using System.Globalization;

namespace ActorWarden.Config;

/// <summary>Binds one <c>warden.services.NAME</c> entry (already merged over service-defaults) into a <see cref="ServiceSpec"/>.</summary>
internal static class ServiceBinder
{
    public static ServiceSpec Bind(string name, ConfigReader r, PathResolver paths, string logsDirectory)
    {
        var command = r.String("command");
        if (string.IsNullOrWhiteSpace(command))
        {
            r.Error("command", $"service `{name}` needs a command (the executable to run)");
        }

        var instances = r.Int("instances", 1);
        if (instances < 1)
        {
            r.Error("instances", $"expected at least 1, found {instances}");
            instances = 1;
        }

        var portBase = r.Int("port-base");
        if (portBase < 0 || portBase + instances - 1 > 65535)
        {
            r.Error("port-base", $"ports {portBase}..{portBase + instances - 1} are outside 0..65535");
        }

        var nice = r.IntOrNull("nice");
        if (nice is < -20 or > 19)
        {
            r.Error("nice", $"expected -20..19, found {nice}");
        }

        var directory = r.String("directory");
        return new ServiceSpec
        {
            Name = name,
            Command = command,
            Args = r.StringList("args"),
            Directory = string.IsNullOrEmpty(directory) ? paths.BaseDirectory : paths.Resolve(directory),
            InheritEnv = r.Bool("inherit-env", true),
            Env = ToDictionary(r.Map("env")),
            EnvUnset = r.StringList("env-unset"),
            SecretEnv = ReadSecrets(r, paths),
            Instances = instances,
            PortBase = portBase,
            Placement = r.Enum("placement", Placement.Local, ClusterBinder.Placements),
            Autostart = r.Bool("autostart", true),
            Restart = r.Enum("restart", RestartPolicy.OnFailure, Spellings.Restart),
            SuccessExitCodes = r.IntList("success-exit-codes"),
            ExitCodes = ReadExitCodes(r),
            StartSeconds = NonNegative(r, "start-seconds"),
            Ready = r.Enum("ready", ReadyMode.Started, Spellings.Ready),
            StartTimeout = Positive(r, "start-timeout"),
            StartRetries = AtLeast(r, "start-retries", 0),
            FatalRetry = r.DurationOrOff("fatal-retry"),
            Backoff = BindBackoff(r.Child("backoff")),
            Intensity = new IntensitySpec(AtLeast(r, "max-restarts", 0), Positive(r, "within")),
            Stop = new StopSpec
            {
                Signal = r.Child("stop").Enum("signal", Processes.ProcessSignal.SIGTERM, Spellings.Signals),
                Timeout = NonNegative(r.Child("stop"), "timeout"),
            },
            DependsOn = r.StringList("depends-on").Union(r.StringList("binds-to"), StringComparer.Ordinal).ToArray(),
            BindsTo = r.StringList("binds-to"),
            User = EmptyToNull(r.String("user")),
            Group = EmptyToNull(r.String("group")),
            Nice = nice,
            MaxMemoryBytes = r.BytesOrNull("max-memory"),
            MemoryCheckInterval = Positive(r, "memory-check-interval"),
            Limits = LimitsBinder.BindLimits(r.Child("limits")),
            Umask = LimitsBinder.BindUmask(r, "umask"),
            Reload = BindReload(r.Child("reload")),
            Hooks = new HookSpec
            {
                PreStart = r.StringList("pre-start"),
                PostStop = r.StringList("post-stop"),
                Timeout = Positive(r, "hook-timeout"),
            },
            Health = WatchdogBinder.Apply(name, r, BindHealth(name, r.Child("health"))),
            KillMode = r.Enum("kill-mode", KillMode.ControlGroup, Spellings.KillModes),
            MaxPids = MaxPids(r),
            CpuQuota = CpuQuota(r),
            Logs = BindLogs(name, r.Child("logs"), paths, logsDirectory),
        };
    }

    private static ReloadSpec BindReload(ConfigReader r)
    {
        Processes.ProcessSignal? signal = null;
        var text = r.String("signal");
        if (!string.IsNullOrWhiteSpace(text))
        {
            signal = Processes.SignalNames.TryParse(text, out var error);
            if (signal is null)
            {
                r.Error("signal", error);
            }
        }

        var command = r.StringList("command");
        if (signal is not null && command.Count > 0)
        {
            r.Error("command", "set either reload.signal or reload.command, not both");
        }

        return new ReloadSpec { Signal = signal, Command = command };
    }

    private static int? MaxPids(ConfigReader r)
    {
        var value = r.IntOrNull("max-pids");
        if (value is < 1)
        {
            r.Error("max-pids", $"expected at least 1 (the main process counts), found {value}");
            return null;
        }

        return value;
    }

    /// <summary>systemd's spelling ("50%", "200%") or a fraction of one CPU (0.5, 2).</summary>
    private static double? CpuQuota(ConfigReader r)
    {
        if (r.IsNull("cpu-quota"))
        {
            return null;
        }

        var text = r.String("cpu-quota").Trim();
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1].TrimEnd() : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value))
        {
            r.Error("cpu-quota", $"expected a positive share of one CPU such as 50% or 0.5, found `{text}`");
            return null;
        }

        return percent ? value / 100 : value;
    }

    private static BackoffSpec BindBackoff(ConfigReader r)
    {
        var multiplier = r.Double("multiplier", 2.0);
        if (multiplier < 1.0)
        {
            r.Error("multiplier", $"expected a number >= 1.0, found {multiplier.ToString(CultureInfo.InvariantCulture)}");
        }

        var jitter = r.Double("jitter", 0.1);
        if (jitter is < 0 or > 1)
        {
            r.Error("jitter", $"expected a fraction between 0 and 1, found {jitter.ToString(CultureInfo.InvariantCulture)}");
        }

        var min = NonNegative(r, "min");
        var max = NonNegative(r, "max");
        if (max < min)
        {
            r.Error("max", $"must not be below backoff.min ({min})");
        }

        return new BackoffSpec
        {
            Min = min,
            Max = max,
            Multiplier = multiplier,
            Jitter = jitter,
            ResetAfter = NonNegative(r, "reset-after"),
        };
    }

    private static HealthSpec BindHealth(string service, ConfigReader r)
    {
        var type = r.Enum("type", HealthCheckType.None, Spellings.Health);
        var spec = new HealthSpec
        {
            Type = type,
            Url = r.String("url"),
            ExpectStatus = r.IntList("expect-status"),
            Host = r.String("host", "127.0.0.1"),
            Port = r.String("port", "0"),
            Command = r.String("command"),
            Args = r.StringList("args"),
            Interval = Positive(r, "interval"),
            Timeout = Positive(r, "timeout"),
            Failures = AtLeast(r, "failures", 1),
            StartPeriod = NonNegative(r, "start-period"),
        };

        switch (type)
        {
            case HealthCheckType.Http when !spec.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !spec.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase):
                r.Error("url", $"service `{service}` has an http health check but no http:// or https:// url (found \"{spec.Url}\")");
                break;
            case HealthCheckType.Tcp when spec.Port is "0" or "":
                r.Error("port", $"service `{service}` has a tcp health check but no port");
                break;
            case HealthCheckType.Exec when string.IsNullOrWhiteSpace(spec.Command):
                r.Error("command", $"service `{service}` has an exec health check but no command");
                break;
        }

        return spec;
    }

    private static LogSpec BindLogs(string service, ConfigReader r, PathResolver paths, string logsDirectory)
    {
        var syslog = r.Child("ship").Child("syslog");
        var host = syslog.String("host");
        var port = syslog.Int("port", 514);
        if (port is < 1 or > 65535)
        {
            syslog.Error("port", $"expected 1..65535, found {port}");
        }

        var maxSize = r.Bytes("max-size", 10L * 1024 * 1024);
        if (maxSize < 1024)
        {
            r.Error("max-size", "expected at least 1KiB");
        }

        return new LogSpec
        {
            Enabled = r.Bool("enabled", true),
            Directory = Path.Combine(paths.Resolve(logsDirectory), service),
            MaxSizeBytes = maxSize,
            Keep = AtLeast(r, "keep", 0),
            MaxLineBytes = (int)Math.Clamp(r.Bytes("max-line", 64 * 1024), 256, 16 * 1024 * 1024),
            BufferBytes = BufferBytes(r),
            RateLimit = BindRateLimit(r.Child("rate-limit")),
            ToWardenLog = r.Bool("to-warden-log"),
            Syslog = string.IsNullOrEmpty(host)
                ? null
                : new SyslogSpec
                {
                    Host = host,
                    Port = port,
                    Protocol = syslog.Enum("protocol", SyslogProtocol.Udp, Spellings.Syslog),
                    Facility = syslog.String("facility", "user"),
                    AppName = string.IsNullOrEmpty(syslog.String("app-name")) ? service : syslog.String("app-name"),
                    QueueLength = AtLeast(syslog, "queue", 1),
                },
        };
    }

    private static long BufferBytes(ConfigReader r)
    {
        var bytes = r.Bytes("buffer", 1024 * 1024);
        if (bytes is < 64 * 1024 or > 64L * 1024 * 1024)
        {
            r.Error("buffer", $"expected 64KiB..64MiB, found {bytes} bytes");
        }

        return bytes;
    }

    /// <summary>journald-style rate limit; <c>burst = 0</c> (the default) means never drop output.</summary>
    private static LogRateLimitSpec? BindRateLimit(ConfigReader r)
    {
        var burst = AtLeast(r, "burst", 0);
        var interval = r.Duration("interval", TimeSpan.FromSeconds(30));
        if (interval <= TimeSpan.Zero)
        {
            r.Error("interval", $"expected a positive duration, found {interval}");
        }

        return burst == 0 || interval <= TimeSpan.Zero ? null : new LogRateLimitSpec(burst, interval);
    }

    private static IReadOnlyDictionary<int, ExitAction> ReadExitCodes(ConfigReader r)
    {
        var result = new Dictionary<int, ExitAction>();
        foreach (var (code, action) in r.Map("exit-codes"))
        {
            if (!int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number is < 0 or > 255)
            {
                r.Error("exit-codes", $"exit code \"{code}\" is not a number in 0..255");
                continue;
            }

            if (!Spellings.Exit.TryGetValue(action, out var parsed))
            {
                r.Error("exit-codes", $"exit code {code}: expected one of {string.Join(" | ", Spellings.Exit.Keys)}, found \"{action}\"");
                continue;
            }

            result[number] = parsed;
        }

        return result;
    }

    private static IReadOnlyDictionary<string, string> ReadSecrets(ConfigReader r, PathResolver paths)
    {
        var secrets = ToDictionary(r.Map("secret-env"));
        foreach (var (name, file) in r.Map("secret-env-files"))
        {
            var path = paths.Resolve(file);
            try
            {
                secrets[name] = File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                r.Error("secret-env-files", $"{name}: cannot read secret file '{path}': {ex.Message}");
            }
        }

        return secrets;
    }

    private static Dictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            result[key] = value;
        }

        return result;
    }

    private static TimeSpan NonNegative(ConfigReader r, string key)
    {
        var value = r.Duration(key);
        if (value < TimeSpan.Zero)
        {
            r.Error(key, $"expected a duration >= 0, found {value}");
        }

        return value;
    }

    private static TimeSpan Positive(ConfigReader r, string key)
    {
        var value = r.Duration(key, TimeSpan.FromSeconds(1));
        if (value <= TimeSpan.Zero)
        {
            r.Error(key, $"expected a duration > 0 like 10s, found {value}");
        }

        return value;
    }

    private static int AtLeast(ConfigReader r, string key, int minimum)
    {
        var value = r.Int(key, minimum);
        if (value < minimum)
        {
            r.Error(key, $"expected at least {minimum}, found {value}");
        }

        return value;
    }

    private static string? EmptyToNull(string value) => string.IsNullOrEmpty(value) ? null : value;
}
