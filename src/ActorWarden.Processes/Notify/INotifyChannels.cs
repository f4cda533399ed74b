namespace ActorWarden.Processes.Notify;

/// <summary>
/// Opens the channel on which one instance tells the warden about itself (the sd_notify protocol:
/// READY=1, WATCHDOG=1, STATUS=...). An interface so the OS transport (a unix datagram socket on
/// Linux, a named pipe on Windows) stays apart from what the messages mean, and tests can feed
/// datagrams without sockets.
/// </summary>
public interface INotifyChannels
{
    /// <summary>Opens (or re-opens, replacing a stale socket file) the channel of instance <paramref name="name"/>.</summary>
    /// <param name="name">The instance name; it names the socket file or pipe.</param>
    /// <param name="owner">The user the service runs as (its <c>user</c> setting), who must be able to send; null = the warden's own.</param>
    /// <param name="onDatagram">Called for each datagram, on the receiver's thread: it must only hand the datagram on (a Tell).</param>
    /// <exception cref="IOException">The socket or pipe cannot be created; the message names the path and the errno text.</exception>
    INotifyChannel Open(string name, string? owner, Action<NotifyDatagram> onDatagram);
}

/// <summary>One instance's open notify channel; disposing it closes the socket and removes its file.</summary>
public interface INotifyChannel : IDisposable
{
    /// <summary>What the child finds in $NOTIFY_SOCKET: the socket path, or the pipe name on Windows.</summary>
    string Address { get; }

    /// <summary>
    /// The instance's current process: datagrams from exactly this pid are handed on without reading
    /// the sender's parent and session from /proc (they are not needed to place it), which is most of
    /// the receiver's cost per heartbeat. It decides nothing: the instance still checks every sender.
    /// </summary>
    void ExpectSender(int pid);
}
