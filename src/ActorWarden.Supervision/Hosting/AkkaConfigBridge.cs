using ActorWarden.Config;
using Akka.Configuration;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Hands Akka the <c>akka</c> section of the warden's own config. Akka's HOCON parser never reads the file:
/// ours resolves it (user file over reference.conf) and <see cref="AkkaSection"/> renders the resolved
/// section as JSON-shaped HOCON, which Akka's parser reads exactly.
/// </summary>
public static class AkkaConfigBridge
{
    /// <summary>The resolved <c>akka</c> section of <paramref name="resolved"/> as an Akka config (empty when there is none).</summary>
    public static Akka.Configuration.Config ToAkkaConfig(HoconConfig resolved) =>
        ConfigurationFactory.ParseString(AkkaSection.Render(resolved));
}
