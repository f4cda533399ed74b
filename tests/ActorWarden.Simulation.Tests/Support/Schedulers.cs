using Akka.Configuration;
using Akka.Event;
using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>A <see cref="VirtualTimeScheduler"/> built the way Akka builds it, without an actor system around it.</summary>
internal static class Schedulers
{
    public static VirtualTimeScheduler Create(DateTimeOffset? start = null) =>
        new(ConfigurationFactory.ParseString(VirtualTimeConfig.Hocon(start)), NoLogger.Instance);
}
