namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Told by the ProcessActor to its <see cref="LogShipperActor"/> after each spawn: "these are the new
/// child's pipes, start draining them now". The shipper reads each stream until EOF (the child's write
/// ends closed), independently of later attachments, so the last words of a dying process are kept
/// even while its replacement already writes.
/// </summary>
/// <remarks>
/// Ownership of both streams passes to the shipper, which disposes each one at EOF. The sender must
/// not dispose them (nor the <c>IChildProcess</c>, whose Dispose closes them) when the exit is
/// observed: a crashing process's last lines, its stack trace, are typically still unread in the
/// pipe at that moment and would be lost.
/// </remarks>
/// <param name="Pid">The child's pid (syslog PROCID, event fields).</param>
/// <param name="Stdout">Async stdout stream, or null when not captured.</param>
/// <param name="Stderr">Async stderr stream, or null when not captured.</param>
public sealed record AttachOutput(int Pid, Stream? Stdout, Stream? Stderr);
