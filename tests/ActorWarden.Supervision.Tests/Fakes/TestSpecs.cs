using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>Compact builders for settings in code (defaults as reference.conf, jitter off so delays are exact).</summary>
public static class TestSpecs
{
    /// <summary>An http check of the instance's port every second: three failures, a 5 s start period.</summary>
    public static readonly HealthSpec HttpCheck = new()
    {
        Type = HealthCheckType.Http,
        Url = "http://127.0.0.1:${PORT}/health",
        Interval = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromMilliseconds(500),
        Failures = 3,
        StartPeriod = TimeSpan.FromSeconds(5),
    };

    public static ServiceSpec Service(string name, Func<ServiceSpec, ServiceSpec>? configure = null)
    {
        var spec = new ServiceSpec
        {
            Name = name,
            Command = "/opt/fake/" + name,
            Backoff = new BackoffSpec { Jitter = 0 },
            Logs = new LogSpec { Enabled = false },
        };
        return configure is null ? spec : configure(spec);
    }

    public static WardenSettings Settings(params ServiceSpec[] services) =>
        new() { Name = "test", Services = services };

    public static WardenSettings WithGroups(this WardenSettings settings, params GroupSpec[] groups) =>
        settings with { Groups = groups };
}
