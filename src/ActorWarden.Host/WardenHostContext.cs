namespace ActorWarden.Host;

/// <summary>
/// Handed to the runtime factory so the runtime logs through the same sink the host chose
/// (journald prefixes under systemd, a file under the SCM) instead of building its own, and runs its
/// tree in the actor system the host started through Akka.Hosting.
/// </summary>
/// <param name="Kind">Console, systemd or Windows service.</param>
/// <param name="Logger">The host's log.</param>
/// <param name="Options">The host's options.</param>
/// <param name="ActorSystem">
/// The host's actor system (Akka.Hosting's <c>AddAkka</c>); it exists once the host has started, so
/// the runtime asks for it when it starts, not when it is built.
/// </param>
public sealed record WardenHostContext(HostKind Kind, Serilog.ILogger Logger, WardenHostOptions Options, Func<Akka.Actor.ActorSystem> ActorSystem);
