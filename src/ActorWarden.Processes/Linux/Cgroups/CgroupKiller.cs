using System.Diagnostics;

namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>
/// Kills everything in one instance's control group at once, waits for the deaths, reaps what became
/// the warden's child (it is a child subreaper) and removes the groups. On v2 one write to
/// <c>cgroup.kill</c> does it, forks in flight included; on v1 the freezer stops the group first, so
/// the members listed are all there are while they are killed, then it thaws to let them die.
/// </summary>
internal sealed class CgroupKiller(LinuxProcessLauncher launcher, InstanceCgroup group)
{
    private const int MaxRounds = 16;
    private static readonly TimeSpan DeathWait = TimeSpan.FromSeconds(2);

    private readonly Dictionary<int, (int Pidfd, ulong StartTime)> _victims = [];

    /// <summary>Kills the group; true when it ended empty (and its directories are removed).</summary>
    public bool Run()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < MaxRounds && !group.IsEmpty(); round++)
            {
                if (group.Mode == ContainmentMode.CgroupV2)
                {
                    OpenVictims();
                    CgroupFs.TryWrite(Path.Combine(group.Membership, "cgroup.kill"), "1");
                }
                else
                {
                    FreezeKillThaw();
                }

                WaitUntilEmpty(clock);
            }

            Reap();
            return group.Remove();
        }
        finally
        {
            foreach (var victim in _victims.Values)
            {
                LibC.Close(victim.Pidfd);
            }
        }
    }

    private void FreezeKillThaw()
    {
        var state = Path.Combine(group.Membership, "freezer.state");
        CgroupFs.TryWrite(state, "FROZEN");
        var clock = Stopwatch.StartNew();
        while (CgroupFs.TryRead(state)?.Trim() == "FREEZING" && clock.Elapsed < DeathWait)
        {
            Thread.Sleep(1);
        }

        try
        {
            // Frozen members cannot exit or fork: the list is complete and no pid in it can be recycled.
            OpenVictims();
            foreach (var pid in group.Members())
            {
                LibC.Kill(pid, (int)ProcessSignal.SIGKILL);
            }
        }
        finally
        {
            CgroupFs.TryWrite(state, "THAWED");
        }
    }

    /// <summary>Pidfds for the members, checked to be in this group after opening (a pid read from the list may have been recycled).</summary>
    private void OpenVictims()
    {
        foreach (var pid in group.Members())
        {
            if (_victims.ContainsKey(pid) || launcher.IsTracked(pid))
            {
                continue;
            }

            var pidfd = LibC.PidfdOpen(pid);
            if (pidfd < 0)
            {
                continue;
            }

            if (!IsMember(pid) || ProcFs.ReadStartTime(pid) is not { } startTime)
            {
                LibC.Close(pidfd);
                continue;
            }

            _victims[pid] = (pidfd, startTime);
        }
    }

    private void WaitUntilEmpty(Stopwatch clock)
    {
        while (!group.IsEmpty() && clock.Elapsed < DeathWait)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Reaps the victims, now our children, and the zombies of members forked after the list was read
    /// (a zombie keeps its cgroup in /proc/&lt;pid&gt;/cgroup). Victims that are not ours to reap yet are
    /// remembered for <see cref="IProcessLauncher.ReapOrphans"/>.
    /// </summary>
    private unsafe void Reap()
    {
        foreach (var (pid, victim) in _victims)
        {
            if (ExitStatus.TryReap(victim.Pidfd, block: false, out _) != ExitStatus.ReapResult.Reaped
                && ProcFs.ReadStartTime(pid) == victim.StartTime)
            {
                launcher.RecordOrphan(pid, victim.StartTime);
            }
        }

        var self = Environment.ProcessId;
        foreach (var pid in ProcFs.ListOwnChildren())
        {
            if (!launcher.IsTracked(pid) && ProcFs.ReadStat(pid) is { State: 'Z' } line && line.ParentPid == self && IsMember(pid))
            {
                int status;
                LibC.WaitPid(pid, &status, LibC.WNOHANG);
            }
        }
    }

    private bool IsMember(int pid) => CgroupMembership.Of(pid).Any(path => path.EndsWith(group.ProcSuffix, StringComparison.Ordinal));
}
