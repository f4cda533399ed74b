namespace ActorWarden.Processes;

/// <summary>
/// How a started process tree is held together, as <c>warden status</c> reports it. A control group
/// contains every descendant whatever it does (setsid, double fork, a rewritten environment), as
/// systemd's KillMode=control-group relies on; without one, the tree is found by session, process
/// group, environment marker and parent pid, which a determined daemon can escape.
/// </summary>
public enum ContainmentMode
{
    /// <summary>No control group: the subreaper sweep over session, group, marker and parentage.</summary>
    None,

    /// <summary>A cgroup v1 freezer group (plus the memory, pids and cpu hierarchies that are mounted): freeze, kill all, thaw.</summary>
    CgroupV1,

    /// <summary>A cgroup v2 group: <c>cgroup.kill</c> kills everything in it at once.</summary>
    CgroupV2,
}
