using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Hosting;
using Akka.Configuration;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>An actor system for the warden's tree on virtual time: the warden's Akka defaults, with every dispatcher FIFO on the virtual scheduler.</summary>
public static class WardenVirtualTime
{
    /// <summary>The name the warden's own actor system has, so actor paths read the same in simulate.</summary>
    public const string SystemName = "actorwarden";

    /// <summary>Creates the system; the caller drives it through <see cref="VirtualTimeSystem.Time"/>.</summary>
    public static VirtualTimeSystem Create(DateTimeOffset? start = null) =>
        VirtualTimeSystem.Create(
            SystemName,
            ConfigurationFactory.ParseString(VirtualTimeConfig.Hocon(start, WardenAkkaIds.PinnedDispatcher, WardenAkkaIds.FoldingDispatcher)).WithFallback(WardenAkkaConfig.Defaults),
            start);
}
