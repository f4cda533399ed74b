using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>Compact builders for settings in code (defaults as reference.conf, jitter off so delays are exact).</summary>
public static class TestSpecs
{
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
