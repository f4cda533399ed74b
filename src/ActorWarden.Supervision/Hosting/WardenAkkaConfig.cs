using ActorWarden.Config;
using Akka.Configuration;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Supervision.Hosting;

/// <summary>The Akka settings every warden actor system starts from, with the caller's laid over them.</summary>
public static class WardenAkkaConfig
{
    /// <summary>The warden's own Akka defaults: the <c>akka</c> section of the embedded reference.conf.</summary>
    public static AkkaConfig Defaults { get; } = AkkaConfigBridge.ToAkkaConfig(WardenConfigLoader.Reference().Resolve());

    /// <summary>
    /// The config a warden's actor system starts with: <paramref name="overrides"/> (virtual time, tests)
    /// over <paramref name="settings"/>' akka section over <see cref="Defaults"/>.
    /// </summary>
    public static AkkaConfig For(WardenSettings settings, AkkaConfig? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = ConfigurationFactory.ParseString(settings.AkkaHocon).WithFallback(Defaults);
        return overrides is null || overrides.IsEmpty ? config : overrides.WithFallback(config);
    }
}
