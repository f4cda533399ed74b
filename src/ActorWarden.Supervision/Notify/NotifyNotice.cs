using ActorWarden.Contracts.Events;

namespace ActorWarden.Supervision.Notify;

/// <summary>
/// The <see cref="EventNames.Notify"/> event a notify message makes; the status line the status table,
/// the status page and the warden's log show for it is <see cref="NotifyEvent.Describe"/>.
/// </summary>
public static class NotifyNotice
{
    /// <summary>The event for <paramref name="message"/> sent by <paramref name="pid"/>.</summary>
    public static NotifyEvent Of(int pid, NotifyMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new NotifyEvent(pid, message.Status, message.Stopping, message.Reloading, message.MainPid, message.Errno);
    }
}
