namespace ActorWarden.Host;

/// <summary>
/// Handed to the runtime factory so the runtime logs through the same sink the host chose
/// (journald prefixes under systemd, a file under the SCM) instead of building its own.
/// </summary>
public sealed record WardenHostContext(HostKind Kind, Serilog.ILogger Logger, WardenHostOptions Options);
