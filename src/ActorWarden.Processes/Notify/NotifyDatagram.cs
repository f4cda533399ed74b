namespace ActorWarden.Processes.Notify;

/// <summary>
/// Who sent a notify datagram, as the kernel vouches for it (SCM_CREDENTIALS) and as /proc showed the
/// sender right after the datagram was read: its parent and its session, which tie a helper or a
/// grandchild to the instance's process tree. The receiver reads /proc at once because the sender
/// may exit right after sending (the race systemd documents for its own notify socket).
/// </summary>
/// <param name="Pid">Sender pid (kernel-checked).</param>
/// <param name="Uid">Sender uid (kernel-checked).</param>
/// <param name="Gid">Sender gid (kernel-checked).</param>
/// <param name="ParentPid">The sender's parent, or null when it was already gone.</param>
/// <param name="Session">The sender's session id, or null when it was already gone.</param>
public sealed record NotifySender(int Pid, int Uid, int Gid, int? ParentPid, int? Session);

/// <summary>One datagram from a notify socket.</summary>
/// <param name="Payload">The text, newline-separated KEY=VALUE assignments (sd_notify(3)).</param>
/// <param name="Sender">The credentials; null when the kernel attached none (never on Linux with SO_PASSCRED).</param>
/// <param name="Truncated">The datagram was longer than the receive buffer (4 KiB, systemd's limit) and is not to be trusted.</param>
public sealed record NotifyDatagram(string Payload, NotifySender? Sender, bool Truncated);
