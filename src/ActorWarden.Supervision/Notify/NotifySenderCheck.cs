using ActorWarden.Processes.Notify;

namespace ActorWarden.Supervision.Notify;

/// <summary>
/// Whether a notify datagram came from the instance's own process tree: systemd accepts a
/// notification only from the unit's processes (NotifyAccess=all, checked against the cgroup). The
/// warden spawns each instance as the leader of a new session, so the sender belongs to the instance
/// when it is the spawned process or the announced main process, a direct child of either, or in the
/// session of either. A descendant that left the session (setsid) and is not the announced MAINPID is
/// refused. A pure function over the facts the receiver read, table-tested.
/// </summary>
public static class NotifySenderCheck
{
    /// <summary>Null when accepted, else why the datagram is refused (for the event and the log).</summary>
    public static string? Refusal(NotifySender? sender, bool truncated, int spawnedPid, int? mainPid)
    {
        if (truncated)
        {
            return "datagram longer than 4096 bytes";
        }

        if (sender is null)
        {
            return "no sender credentials";
        }

        bool Ours(int? pid) => pid is { } p && (p == spawnedPid || p == mainPid);
        return Ours(sender.Pid) || Ours(sender.ParentPid) || Ours(sender.Session)
            ? null
            : sender.Session is null
                ? $"pid {sender.Pid} was gone before it could be checked"
                : $"pid {sender.Pid} (session {sender.Session}, parent {sender.ParentPid}) is not in the instance's process tree";
    }
}
