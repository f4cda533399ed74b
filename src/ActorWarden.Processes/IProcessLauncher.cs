namespace ActorWarden.Processes;

/// <summary>
/// The only door to the OS for starting and re-attaching to child processes; the supervision domain
/// depends on this interface so that its tests can substitute a fake.
/// </summary>
public interface IProcessLauncher
{
    /// <summary>Starts a child in its own session and process group.</summary>
    /// <exception cref="ProcessStartException">The child could not be started; the message names the file and the reason.</exception>
    IChildProcess Start(ProcessStartSpec spec);

    /// <summary>
    /// Re-attaches to a process started by a previous warden instance. Returns null when that process
    /// is gone (the pid no longer exists or now belongs to a process with a different start time).
    /// The adopted process's exit status is not ours to reap, so its exit is <see cref="ProcessExit.Unknown"/>.
    /// </summary>
    IChildProcess? Adopt(int pid, ulong startTime);

    /// <summary>
    /// Reaps zombie children that are not tracked by a live <see cref="IChildProcess"/> (descendants
    /// of our services that were re-parented to the warden). Only processes that carry one of our
    /// tree markers are touched, never children started through System.Diagnostics.Process.
    /// Living orphans it finds are handed to the exit watcher, so they are reaped the moment they
    /// die; call it periodically (on a health tick) to pick up daemons that escaped while their
    /// service was running. Returns the number of zombies reaped by this call.
    /// </summary>
    int ReapOrphans();

    /// <summary>
    /// Kills whatever the trees of <paramref name="ended"/> (processes that already exited on their own)
    /// left behind: systemd's KillMode=control-group, applied when their instance is stopped. A farm
    /// that churned remembers many ended processes per instance, so implementations should first check
    /// cheaply whether anything can be left at all; the default kills each tree in turn. Every tree is
    /// tried; the first failure is rethrown after the others.
    /// </summary>
    void KillLeftovers(IReadOnlyCollection<IChildProcess> ended) => ProcessTrees.KillEach(ended);

    /// <summary>The containment this launcher gives the trees it starts (what <c>warden status</c> shows).</summary>
    ContainmentMode Containment => ContainmentMode.None;

    /// <summary>Which of <see cref="TreeLimits"/> this launcher can have the kernel enforce.</summary>
    LimitSupport SupportedLimits => LimitSupport.None;

    /// <summary>
    /// Control groups under this warden's subtree that no live child of this launcher owns, with the
    /// processes still in them: what a warden killed with SIGKILL left behind (crash-safety). Call
    /// once at start-up, before starting services; empty groups are removed on the way.
    /// </summary>
    IReadOnlyList<LeftoverCgroup> FindLeftoverCgroups() => [];

    /// <summary>
    /// What the tree of the live child <paramref name="pid"/> uses, from its control group (memory of
    /// the whole tree, CPU time, tasks); null when that pid is not a contained child of this launcher.
    /// For status views, which know instances by pid.
    /// </summary>
    ResourceUsage? ReadUsage(int pid) => null;

    /// <summary>
    /// Removes the empty control groups kept for the next start of an instance whose tree ended on its
    /// own (a restart reuses its instance's groups), then this warden's base groups if nothing else is
    /// in them; call when the warden stops. A no-op without cgroups.
    /// </summary>
    void RemoveIdleGroups()
    {
    }

    /// <summary>Kills everything in <paramref name="leftovers"/> (found by <see cref="FindLeftoverCgroups"/>), reaps it and removes the groups.</summary>
    void KillLeftoverCgroups(IReadOnlyCollection<LeftoverCgroup> leftovers)
    {
    }
}
