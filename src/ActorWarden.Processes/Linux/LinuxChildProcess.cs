using System.Runtime.InteropServices;
using ActorWarden.Processes.Linux.Cgroups;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// A process we spawned (a session leader carrying a tree marker) or adopted. Its pidfd is watched by
/// <see cref="PidfdExitWatcher"/>; reaping and signalling are serialised by one lock so a signal can
/// never reach a recycled pid after the reap.
/// </summary>
internal sealed class LinuxChildProcess : IChildProcess
{
    private readonly object _gate = new();
    private readonly object _settleGate = new();
    private readonly LinuxProcessLauncher _launcher;
    private readonly TaskCompletionSource<ProcessExit> _exited = new();
    private readonly bool _leadsGroup;
    private readonly bool _isOurChild;
    private bool _outputTaken;
    private int _pidfd;
    private bool _reaped;
    private ResourceUsage? _finalUsage;
    private readonly ResourceUsage? _baseline;

    // Guarded by _gate: the group was handed on empty for the instance's next tree (so it is no longer
    // this tree's to kill or list), or a KillTree owns it (so it must not be handed on).
    private bool _handedOn;
    private bool _killing;

    // Guarded by _settleGate: Settle ran.
    private bool _settled;

    public LinuxChildProcess(LinuxProcessLauncher launcher, int pid, int pidfd, ulong startTime, string? marker, bool leadsGroup, bool isOurChild, Stream? stdout, Stream? stderr, InstanceCgroup? group)
    {
        Group = group;
        _baseline = group?.Baseline;
        _launcher = launcher;
        Pid = pid;
        _pidfd = pidfd;
        StartTime = startTime;
        Marker = marker;
        _leadsGroup = leadsGroup;
        _isOurChild = isOurChild;
        StandardOutput = stdout;
        StandardError = stderr;
    }

    public int Pid { get; }

    public ulong StartTime { get; }

    /// <summary>The ACTORWARDEN_TREE value in this child's environment; null for adopted processes that lack one.</summary>
    public string? Marker { get; }

    public Task<ProcessExit> Exited => _exited.Task;

    /// <summary>The tree's control groups; null when it is not contained.</summary>
    internal InstanceCgroup? Group { get; }

    public ContainmentMode Containment => Group?.Mode ?? ContainmentMode.None;

    /// <remarks>
    /// Once the leader has exited this settles the group first (the exit watcher would a moment later):
    /// a group found empty and handed on has nothing to list, so a crash loop reads the one
    /// cgroup.events it reads anyway instead of cgroup.procs as well.
    /// </remarks>
    public IReadOnlyList<ContainedProcess> ListContained() => Group is null || SettledHandedOn ? [] : Group.ListContained();

    /// <summary>True when this tree, contained, has nothing left alive: its leader exited and its group was empty then, or is now.</summary>
    internal bool LeftNothing => Group is not null && (SettledHandedOn || Group.IsEmpty());

    /// <summary>Removes the group of an ended tree whose leftovers have died since (it was not empty when the leader exited, so it was not kept for reuse).</summary>
    internal void ReleaseEmptyGroup()
    {
        if (Group is not null && !SettledHandedOn && Group.IsEmpty())
        {
            _launcher.ForgetGroup(Group);
        }
    }

    /// <summary><see cref="HandedOn"/> once the ended tree's group is settled (asked only of a tree that ended).</summary>
    private bool SettledHandedOn
    {
        get
        {
            if (Exited.IsCompleted)
            {
                Settle();
            }

            return HandedOn;
        }
    }

    private bool HandedOn
    {
        get
        {
            lock (_gate)
            {
                return _handedOn;
            }
        }
    }

    /// <summary>
    /// Live figures while the group exists; after it is removed, the figures read just before (so an
    /// OOM kill of the leader can still be learnt once its exit is reported).
    /// </summary>
    public ResourceUsage? ReadUsage() => Group is null ? null : Volatile.Read(ref _finalUsage) ?? InstanceCgroup.Since(Group.ReadUsage(), _baseline);

    /// <summary>We spawned it and the exit watcher has reaped it: its survivors can only be re-parented to us.</summary>
    internal bool IsReapedChildOfOurs
    {
        get
        {
            lock (_gate)
            {
                return _isOurChild && _reaped;
            }
        }
    }

    public Stream? StandardOutput { get; }

    public Stream? StandardError { get; }

    /// <summary>Starts watching; called once the launcher has registered the child.</summary>
    public void Watch() => PidfdExitWatcher.Instance.Watch(_pidfd, OnExited);

    public void Signal(ProcessSignal signal)
    {
        lock (_gate)
        {
            if (_reaped)
            {
                return;
            }

            var result = _leadsGroup ? LibC.Kill(-Pid, (int)signal) : LibC.PidfdSendSignal(_pidfd, (int)signal);
            if (result != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.ESRCH)
                {
                    throw new InvalidOperationException($"cannot send {signal} to process {Pid}: {LibC.Describe(errno)}.");
                }
            }
        }
    }

    public void SignalMain(ProcessSignal signal)
    {
        lock (_gate)
        {
            if (!_reaped && LibC.PidfdSendSignal(_pidfd, (int)signal) != 0 && Marshal.GetLastPInvokeError() is var errno and not LibC.ESRCH)
            {
                throw new InvalidOperationException($"cannot send {SignalNames.Name(signal)} to process {Pid}: {LibC.Describe(errno)}.");
            }
        }
    }

    public void SignalTree(ProcessSignal signal)
    {
        Signal(signal);
        if (Group is null || HandedOn)
        {
            return;
        }

        // As systemd does for KillMode=control-group: every process listed in the group, whatever its
        // session (the kernel has no cgroup-wide signal but SIGKILL).
        foreach (var pid in Group.Members())
        {
            LibC.Kill(pid, (int)signal);
        }
    }

    public void KillTree()
    {
        if (Group is not null)
        {
            bool handedOn;
            lock (_gate)
            {
                handedOn = _handedOn;
                _killing = !handedOn;
            }

            if (handedOn)
            {
                // The tree ended with nothing left; the group may hold the instance's next tree now. Settle
                // marks it handed on before it parks it: wait for the park, so a caller that removes the
                // idle groups next (a shutdown, a test's cleanup) finds it among them.
                lock (_settleGate)
                {
                    return;
                }
            }

            // Inside a control group nothing can hide: kill the group, the leader with it.
            var usage = InstanceCgroup.Since(Group.ReadUsage(), _baseline);
            new CgroupKiller(_launcher, Group).Run();
            Interlocked.CompareExchange(ref _finalUsage, usage, null);
            _launcher.ForgetGroup(Group);
            return;
        }

        bool leaderAlive;
        lock (_gate)
        {
            leaderAlive = !_reaped;
            if (leaderAlive)
            {
                // Stop, not kill: a dead leader's children re-parent while the tree is being walked.
                SignalLeader(LibC.SIGSTOP);
            }
        }

        new TreeKiller(_launcher, Pid, leaderAlive, _leadsGroup, Marker, spawnedByUs: _isOurChild, () => KillLeader()).Run();
    }

    /// <summary>SIGKILLs the leader and its group unless the leader was already reaped (its pid may be recycled then).</summary>
    private void KillLeader()
    {
        lock (_gate)
        {
            if (!_reaped)
            {
                SignalLeader((int)ProcessSignal.SIGKILL);
            }
        }
    }

    /// <summary>The whole group at once when the leader leads one, else the leader alone; the caller holds the gate.</summary>
    private void SignalLeader(int signal)
    {
        if (_leadsGroup)
        {
            LibC.Kill(-Pid, signal);
        }
        else
        {
            LibC.PidfdSendSignal(_pidfd, signal);
        }
    }

    public (Stream? Stdout, Stream? Stderr) TakeOutput()
    {
        Volatile.Write(ref _outputTaken, true);
        return (StandardOutput, StandardError);
    }

    public void Dispose()
    {
        if (!Volatile.Read(ref _outputTaken))
        {
            StandardOutput?.Dispose();
            StandardError?.Dispose();
        }
    }

    private void OnExited()
    {
        ProcessExit exit;
        int pidfd;
        lock (_gate)
        {
            // An adopted process is never reaped here: if it happens to be our child it may belong to
            // System.Diagnostics.Process, whose exit code must not be stolen.
            exit = ProcessExit.Unknown;
            if (_isOurChild)
            {
                ExitStatus.TryReap(_pidfd, block: true, out exit);
            }

            // Closed once the exit is out (taking it out of the watcher's epoll set is not free); nothing
            // signals through it once _reaped is set.
            pidfd = _pidfd;
            _pidfd = -1;
            _reaped = true;
        }

        _launcher.Untrack(this);
        if (Group is not null)
        {
            _launcher.AwaitSettling(this);
        }

        // The exit goes out first: what becomes of the group (two reads of cgroup files) is settled
        // after it, meanwhile, or by whoever needs it settled first (see Settle).
        _exited.TrySetResult(exit);
        LibC.Close(pidfd);
        Settle();
    }

    /// <summary>
    /// Once the leader has been reaped: an empty group is handed on for the instance's next tree, with
    /// the counters it ended with as that tree's baseline; a group with survivors stays this tree's.
    /// Runs once, on whichever thread asks first: the exit watcher right after it reports the exit, or
    /// the next start of the instance (<see cref="LinuxProcessLauncher"/>), or the sweep for leftovers,
    /// which must not remove a group that is about to be handed on.
    /// </summary>
    internal void Settle()
    {
        if (Group is null)
        {
            return;
        }

        lock (_settleGate)
        {
            if (_settled)
            {
                return;
            }

            _settled = true;
            try
            {
                if (Group.IsEmpty())
                {
                    var raw = Group.ReadUsage(empty: true);
                    Volatile.Write(ref _finalUsage, InstanceCgroup.Since(raw, _baseline));
                    bool handOn;
                    lock (_gate)
                    {
                        handOn = !_killing;
                        _handedOn = handOn;
                    }

                    if (handOn)
                    {
                        Group.Baseline = raw;
                        _launcher.Park(Group);
                    }
                }
            }
            finally
            {
                _launcher.Settled(this);
            }
        }
    }
}
