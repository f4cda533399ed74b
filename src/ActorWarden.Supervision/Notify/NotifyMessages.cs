using ActorWarden.Processes.Notify;

namespace ActorWarden.Supervision.Notify;

/// <summary>
/// A datagram from the instance's notify socket, parsed on the receiver's thread and told to the
/// instance's ProcessActor, which checks the sender against the pids only it knows.
/// </summary>
/// <param name="Message">The parsed assignments.</param>
/// <param name="Sender">Kernel-checked credentials and the sender's parent and session.</param>
/// <param name="Truncated">Longer than the receive buffer: refused.</param>
public sealed record NotifyReceived(NotifyMessage Message, NotifySender? Sender, bool Truncated)
{
    /// <summary>Parses <paramref name="datagram"/>.</summary>
    public static NotifyReceived From(NotifyDatagram datagram)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        return new NotifyReceived(NotifyMessage.Parse(datagram.Payload), datagram.Sender, datagram.Truncated);
    }
}

/// <summary>The process <paramref name="Pid"/> sent no READY=1 within start-timeout (from the scheduler).</summary>
internal sealed record ReadyTimeoutElapsed(int Pid);

/// <summary>The process <paramref name="Pid"/>, signalled at start-timeout, outlived stop.timeout: kill its tree.</summary>
internal sealed record ReadyStopTimeoutElapsed(int Pid);
