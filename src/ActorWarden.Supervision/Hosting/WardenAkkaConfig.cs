using Akka.Configuration;

namespace ActorWarden.Supervision.Hosting;

/// <summary>The Akka settings every warden actor system starts from, with the caller's laid over them.</summary>
public static class WardenAkkaConfig
{
    /// <summary>The warden's own Akka defaults.</summary>
    public static Config Defaults { get; } = ConfigurationFactory.ParseString(
        """
        akka {
          stdout-loglevel = OFF
          loglevel = INFO
          actor.default-mailbox.mailbox-type = "Akka.Dispatch.UnboundedMailbox"
        }
        warden-pinned { type = PinnedDispatcher, throughput = 1000 }
        warden-control-aware-mailbox { mailbox-type = "ActorWarden.Supervision.Hosting.ControlAwareMailbox, ActorWarden.Supervision" }
        """);

    /// <summary><paramref name="overrides"/> (the user's akka section, or virtual time) over <see cref="Defaults"/>.</summary>
    public static Config For(Config? overrides) => overrides is null || overrides.IsEmpty ? Defaults : overrides.WithFallback(Defaults);
}
