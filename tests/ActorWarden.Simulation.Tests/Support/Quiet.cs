using Akka.Configuration;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>Config for tests whose actors crash on purpose: Akka's logger still starts, but prints nothing.</summary>
internal static class Quiet
{
    public static AkkaConfig Config { get; } = ConfigurationFactory.ParseString("akka { loglevel = OFF, stdout-loglevel = OFF }");
}
