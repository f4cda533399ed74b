using System.Diagnostics;
using System.Text;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Kills everything that belongs to one child's tree: its process group and session, every process
/// whose environment carries the child's marker (daemons that called setsid and double-forked), and
/// all their descendants by parent pid. The tree is stopped first (SIGSTOP, round after round until no
/// new member turns up) and only then killed: a stopped process can neither fork nor die, so no child
/// is re-parented away from the walk while it runs. Each victim is signalled through a pidfd (so a recycled pid is
/// never hit) and, once dead, reaped if it became our child (we are a child subreaper). Victims that
/// cannot be reaped yet are handed to the launcher's orphan list.
/// </summary>
internal sealed class TreeKiller
{
    private const int MaxRounds = 16;
    private static readonly TimeSpan DeathWait = TimeSpan.FromSeconds(2);

    private readonly LinuxProcessLauncher _launcher;
    private readonly int _leaderPid;
    private readonly bool _leaderAlive;
    private readonly bool _leadsGroup;
    private readonly bool _spawnedByUs;
    private readonly byte[]? _markerEntry;
    private readonly Action _killLeader;
    private readonly Dictionary<int, Victim> _victims = [];

    /// <param name="launcher">Knows which pids are other live children (never touched) and keeps leftovers.</param>
    /// <param name="leaderPid">The child whose tree is killed.</param>
    /// <param name="leaderAlive">False once the exit watcher has reaped the leader (its pid may be recycled).</param>
    /// <param name="leadsGroup">The leader leads its own process group and session.</param>
    /// <param name="marker">The tree marker in the leader's environment, if any.</param>
    /// <param name="spawnedByUs">
    /// The leader is our child, so (we being a subreaper) its whole tree, escaped daemons included, lives
    /// under the warden: walking the warden's subtree replaces a scan of every process on the machine.
    /// </param>
    /// <param name="killLeader">SIGKILLs the (stopped) leader and its group, unless the leader was reaped meanwhile.</param>
    public TreeKiller(LinuxProcessLauncher launcher, int leaderPid, bool leaderAlive, bool leadsGroup, string? marker, bool spawnedByUs, Action killLeader)
    {
        _killLeader = killLeader;
        _launcher = launcher;
        _leaderPid = leaderPid;
        _leaderAlive = leaderAlive;
        _leadsGroup = leadsGroup;
        _spawnedByUs = spawnedByUs;
        _markerEntry = marker is null ? null : Encoding.UTF8.GetBytes($"{ProcessInfo.TreeMarkerVariable}={marker}");
    }

    private readonly record struct Victim(int Pidfd, ulong StartTime);

    public void Run()
    {
        // The leader is reaped by the exit watcher, never here, but its death must be awaited too:
        // only once it has exited have its children been re-parented to us and become reapable.
        var leaderPidfd = _leaderAlive ? LibC.PidfdOpen(_leaderPid) : -1;
        try
        {
            SignalUntilQuiet(LibC.SIGSTOP);
            _killLeader();
            foreach (var victim in _victims.Values)
            {
                LibC.PidfdSendSignal(victim.Pidfd, (int)ProcessSignal.SIGKILL);
            }

            KillUntilQuiet();
            WaitForDeaths(leaderPidfd);

            // Processes that were dying during the scans may have been missed while their children
            // moved to us. Now everything killed is dead and re-parented: look once more.
            if (KillUntilQuiet())
            {
                WaitForDeaths(-1);
            }

            Reap();
            ReapGroupZombies();
        }
        finally
        {
            if (leaderPidfd >= 0)
            {
                LibC.Close(leaderPidfd);
            }

            foreach (var victim in _victims.Values)
            {
                LibC.Close(victim.Pidfd);
            }
        }
    }

    /// <summary>Kill rounds until one finds nobody new alive; true when any round killed something.</summary>
    private bool KillUntilQuiet() => SignalUntilQuiet((int)ProcessSignal.SIGKILL);

    /// <summary>Rounds that send <paramref name="signal"/> to newly found members until one finds nobody new alive; true when any round found someone.</summary>
    private bool SignalUntilQuiet(int signal)
    {
        var killed = false;
        for (var round = 0; round < MaxRounds; round++)
        {
            var (alive, unsettled) = SignalRound(signal);
            if (alive == 0 && unsettled == 0)
            {
                break;
            }

            if (alive == 0)
            {
                // An orphan of ours was caught mid-execve, its marker unreadable: look again shortly.
                Thread.Sleep(1);
                continue;
            }

            killed = true;
        }

        return killed;
    }

    /// <summary>
    /// One scan of /proc and one <paramref name="signal"/> per newly found living member; returns how
    /// many were alive, and how many children of the warden could not be judged (environment unreadable).
    /// </summary>
    private (int Alive, int Unsettled) SignalRound(int signal)
    {
        var self = Environment.ProcessId;
        var snapshot = TakeSnapshot();

        // Once the leader is reaped its pid number stays reserved only while survivors still use it as
        // their group/session id; if a new process owns that pid, the old group is gone.
        var groupStillOurs = _leadsGroup && (_leaderAlive || ProcFs.ReadStat(_leaderPid) is null);
        if (groupStillOurs && !_leaderAlive)
        {
            LibC.Kill(-_leaderPid, signal);
        }

        var roots = new List<int>();
        var unsettled = 0;
        if (_leaderAlive)
        {
            roots.Add(_leaderPid);
        }

        foreach (var line in snapshot)
        {
            if (line.Pid == _leaderPid)
            {
                continue;
            }

            var member = groupStillOurs && (line.ProcessGroup == _leaderPid || line.Session == _leaderPid);

            // A session can only be entered by descending from its leader, so a process inside another
            // live service's session cannot belong to this tree: skip reading its environment.
            var insideAnotherService = line.Session != _leaderPid && _launcher.IsTracked(line.Session);
            var marked = !member && !insideAnotherService && _markerEntry is not null && line.State != 'Z'
                && ProcFs.EnvironContains(line.Pid, _markerEntry);
            if (member || marked)
            {
                roots.Add(line.Pid);
            }
            else if (_markerEntry is not null && line.State != 'Z' && line.ParentPid == self && !_victims.ContainsKey(line.Pid)
                && !_launcher.IsTracked(line.Pid) && ProcFs.EnvironLooksEmpty(line.Pid))
            {
                unsettled++;
            }
        }

        var byPid = snapshot.ToDictionary(l => l.Pid);
        var alive = 0;
        foreach (var pid in roots.Concat(ProcFs.Descendants(snapshot, roots)))
        {
            if (pid == self || pid == 1 || pid == _leaderPid || _victims.ContainsKey(pid) || _launcher.IsTracked(pid)
                || !byPid.TryGetValue(pid, out var line))
            {
                continue;
            }

            var pidfd = LibC.PidfdOpen(pid);
            if (pidfd < 0)
            {
                continue;
            }

            if (ProcFs.ReadStartTime(pid) != line.StartTime)
            {
                LibC.Close(pidfd);
                continue;
            }

            LibC.PidfdSendSignal(pidfd, signal);
            _victims[pid] = new Victim(pidfd, line.StartTime);
            if (line.State != 'Z')
            {
                alive++;
            }
        }

        return (alive, unsettled);
    }

    /// <summary>
    /// The processes that can belong to this tree: for a child of ours, the leader's subtree plus the
    /// subtrees of the warden's other children that no live child owns (re-parented orphans);
    /// otherwise every process.
    /// </summary>
    private List<ProcFs.StatLine> TakeSnapshot()
    {
        if (!_spawnedByUs || !ProcFs.HasChildrenLists)
        {
            return ProcFs.Snapshot();
        }

        var roots = ProcFs.ListOwnChildren().Where(pid => !_launcher.IsTracked(pid)).ToList();
        if (_leaderAlive)
        {
            roots.Add(_leaderPid);
        }

        return ProcFs.SubtreeSnapshot(roots);
    }

    /// <summary>Waits (in poll, bounded) until every victim's pidfd reports its exit.</summary>
    private unsafe void WaitForDeaths(int leaderPidfd)
    {
        var pending = _victims.Values.Select(v => v.Pidfd).ToList();
        if (leaderPidfd >= 0)
        {
            pending.Add(leaderPidfd);
        }

        var clock = Stopwatch.StartNew();
        while (pending.Count > 0)
        {
            var remaining = DeathWait - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var fds = new LibC.PollFd[pending.Count];
            for (var i = 0; i < fds.Length; i++)
            {
                fds[i] = new LibC.PollFd { Fd = pending[i], Events = LibC.POLLIN };
            }

            fixed (LibC.PollFd* pointer = fds)
            {
                if (LibC.Poll(pointer, (nuint)fds.Length, (int)Math.Ceiling(remaining.TotalMilliseconds)) < 0)
                {
                    continue;
                }
            }

            pending = fds.Where(f => f.Revents == 0).Select(f => f.Fd).ToList();
        }
    }

    /// <summary>Reaps the victims that are now our children; the rest are remembered for <see cref="IProcessLauncher.ReapOrphans"/>.</summary>
    private void Reap()
    {
        foreach (var (pid, victim) in _victims)
        {
            var result = ExitStatus.TryReap(victim.Pidfd, block: false, out _);
            if (result == ExitStatus.ReapResult.Reaped)
            {
                continue;
            }

            if (ProcFs.ReadStartTime(pid) == victim.StartTime)
            {
                _launcher.RecordOrphan(pid, victim.StartTime);
            }
        }
    }

    /// <summary>
    /// Zombies among our own children that were members of this child's group or session (killed by
    /// the group signal without ever being seen by a scan). A zombie keeps its session id, and that
    /// id stays reserved while it exists, so membership proves it belonged to this tree.
    /// </summary>
    private unsafe void ReapGroupZombies()
    {
        if (!_leadsGroup || !_spawnedByUs)
        {
            return;
        }

        foreach (var pid in ProcFs.ListOwnChildren())
        {
            if (pid != _leaderPid && !_launcher.IsTracked(pid)
                && ProcFs.ReadStat(pid) is { State: 'Z' } line
                && (line.Session == _leaderPid || line.ProcessGroup == _leaderPid))
            {
                int status;
                LibC.WaitPid(pid, &status, LibC.WNOHANG);
            }
        }
    }
}
