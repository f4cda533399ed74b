using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ActorWarden.Processes.Diagnostics;
using ActorWarden.Processes.Linux.Cgroups;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Starts children with posix_spawn in their own session, watches them through pidfds and keeps the
/// bookkeeping needed for tree kills and orphan reaping. The warden becomes a child subreaper, so
/// descendants orphaned by a service re-parent to the warden instead of init and can be found and reaped.
/// </summary>
/// <remarks>
/// The runtime reaps only children it started (it waits on specific pids in its SIGCHLD handler), and
/// this class never calls waitpid(-1): every reap names a pidfd or a pid we recorded, so children
/// started through System.Diagnostics.Process keep their exit codes.
/// </remarks>
internal sealed class LinuxProcessLauncher : IProcessLauncher
{
    // Process-wide: a zombie may be reaped by whichever launcher looks first, so every launcher must
    // know every live child, and a child being spawned counts as live before it is registered.
    private static readonly ConcurrentDictionary<int, LinuxChildProcess> Tracked = new();
    private static readonly ReaderWriterLockSlim SpawnGuard = new();
    private static readonly Stage SpawnStage = StageCosts.Register("spawn");

    private readonly ConcurrentDictionary<int, LinuxChildProcess> _tracked = Tracked;
    private readonly ConcurrentDictionary<string, byte> _liveGroups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InstanceCgroup> _idle = new(StringComparer.Ordinal);

    // Ended trees whose groups are not settled yet (see LinuxChildProcess.Settle), by group key.
    private readonly ConcurrentDictionary<string, LinuxChildProcess> _settling = new(StringComparer.Ordinal);
    private readonly OrphanReaper _orphanReaper;
    private readonly CgroupLayout? _cgroups;

    private LinuxProcessLauncher(CgroupLayout? cgroups)
    {
        _cgroups = cgroups;
        _orphanReaper = new OrphanReaper(_tracked.ContainsKey, SpawnGuard, ChildSignalReaper.Defer);
    }

    public ContainmentMode Containment => _cgroups?.Mode ?? ContainmentMode.None;

    public LimitSupport SupportedLimits => _cgroups?.Limits ?? LimitSupport.None;

    /// <summary>Checks kernel support (pidfd, Linux 5.4+), makes the warden a child subreaper and sets up containment.</summary>
    /// <exception cref="PlatformNotSupportedException">pidfds are missing, or the forced containment mode is not available.</exception>
    public static IProcessLauncher Create(ContainmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cgroups = options.Setting == ContainmentSetting.Off ? null : CgroupLayout.Resolve(options, CgroupMounts.Discover());
        if (cgroups is not null && !NativeSpawner.IsAvailable && !SpawnGate.IsAvailable)
        {
            if (options.Setting != ContainmentSetting.Auto)
            {
                throw new PlatformNotSupportedException($"containment needs libwardenspawn.so or {SpawnGate.Shell} to hold a child until it is in its control group");
            }

            cgroups = null;
        }

        var probe = LibC.PidfdOpen(Environment.ProcessId);
        EnsurePidfdSupport(probe, probe < 0 ? Marshal.GetLastPInvokeError() : 0);
        LibC.Close(probe);
        if (LibC.Prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException($"cannot become a child subreaper: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }

        _ = PidfdExitWatcher.Instance;
        ChildSignalReaper.Register();
        var launcher = new LinuxProcessLauncher(cgroups);
        ChildSignalReaper.Add(launcher);
        return launcher;
    }

    /// <summary>Turns a failed pidfd_open probe into a clear refusal (kernels before 5.3 lack the syscall).</summary>
    internal static void EnsurePidfdSupport(int probeResult, int errno)
    {
        if (probeResult >= 0)
        {
            return;
        }

        throw new PlatformNotSupportedException(errno == LibC.ENOSYS
            ? $"supervising processes needs pidfd_open and waitid(P_PIDFD) (Linux 5.4 or newer); this kernel is {Environment.OSVersion.Version}"
            : $"pidfd_open failed: {LibC.Describe(errno)}");
    }

    public IChildProcess Start(ProcessStartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var stage = StageCosts.Enter(SpawnStage);
        SpawnPreflight.CheckRequest(spec);
        var marker = TreeMarkers.Next();
        EnvironmentBlocks.Lease environment;
        try
        {
            environment = EnvironmentBlocks.Rent(spec.Environment, marker);
        }
        catch (ArgumentException e)
        {
            throw new ProcessStartException(spec.FileName, e.Message, null, e);
        }

        using var rented = environment;
        var envp = environment.Array;

        // posix_spawn and the native spawner report a failed chdir or exec themselves, so a program they
        // execute directly is not checked first (SpawnPreflight.Failure names the mistake afterwards).
        // Behind a wrapper (user, umask, limits) or the shell gate a failed exec shows only as an exit.
        var reportsExec = _cgroups is null || NativeSpawner.IsAvailable;
        var wrapped = spec.User is not null || spec.Group is not null || spec.Umask is not null || spec.Limits is { IsEmpty: false };
        var path = (reportsExec && !wrapped ? SpawnPreflight.Direct(spec) : null) ?? SpawnPreflight.ResolveExecutable(spec);
        DescriptorBudget.Check(spec);
        var (program, argv) = ExecWrappers.Build(spec, path);

        // The native spawner reports a failed exec itself; behind the shell gate it would only show as exit 127.
        if (_cgroups is not null && !NativeSpawner.IsAvailable && ExecPreview.Predict(path) is var execError and not 0)
        {
            throw SpawnPreflight.Explain(spec, execError);
        }

        var group = CreateGroup(spec);
        var joinsItself = group is not null && NativeSpawner.IsAvailable;
        using var gate = group is null || joinsItself ? null : SpawnGate.Open();
        if (gate is not null)
        {
            (program, argv) = (SpawnGate.Shell, SpawnGate.Wrap(argv));
        }

        LinuxChildProcess child;
        SpawnGuard.EnterReadLock();
        try
        {
            int error;
            PosixSpawner.Spawned spawned;
            var window = SpawnWindow.Open();
            try
            {
                error = joinsItself
                    ? SpawnJoining(spec, group!, program, argv, envp, out spawned)
                    : PosixSpawner.Spawn(program, argv, envp, spec.WorkingDirectory, spec.CaptureOutput, out spawned, gate?.ReadFd ?? -1);
                window = window.Close();
            }
            catch (CgroupException e)
            {
                AbandonGroup(group);
                throw new ProcessStartException(spec.FileName, $"cannot place the child into its control group: {e.Message}", e.Errno == 0 ? null : e.Errno, e);
            }
            catch (SpawnSetupException e)
            {
                AbandonGroup(group);
                throw new ProcessStartException(spec.FileName, $"cannot prepare the spawn: {e.Message}", e.Errno, e);
            }
            catch (ArgumentException e)
            {
                AbandonGroup(group);
                throw new ProcessStartException(spec.FileName, e.Message, null, e);
            }

            if (error != 0)
            {
                AbandonGroup(group);
                throw SpawnPreflight.Failure(spec, error);
            }

            gate?.ChildStarted();
            if (gate is not null && group is not null)
            {
                EnterGroup(spec, spawned, group);
            }

            child = Register(spec, spawned, marker, group, window);
            gate?.Release();
        }
        finally
        {
            SpawnGuard.ExitReadLock();
            ChildSignalReaper.SpawnRegistered();
        }

        if (spec.Nice is { } nice && LibC.SetPriority(LibC.PRIO_PROCESS, (uint)child.Pid, nice) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            child.KillTree();
            child.Dispose();
            throw new ProcessStartException(spec.FileName, $"cannot set nice {nice}: {LibC.Describe(errno)}", errno);
        }

        return child;
    }

    /// <summary>The child's groups, created with its limits; null without containment.</summary>
    private InstanceCgroup? CreateGroup(ProcessStartSpec spec)
    {
        if (_cgroups is null)
        {
            if (!spec.TreeLimits.IsEmpty)
            {
                throw new ProcessStartException(spec.FileName, "max-memory, max-pids and cpu-quota need cgroup containment, which is off on this warden");
            }

            return null;
        }

        var name = spec.ContainmentName ?? Path.GetFileName(spec.FileName);
        var key = CgroupLayout.KeyOf(name);
        if (_settling.TryGetValue(key, out var ended))
        {
            // The instance's previous tree ended a moment ago and the exit watcher has not settled its group yet.
            ended.Settle();
        }

        if (_idle.TryRemove(key, out var idle))
        {
            // The instance's previous tree ended and left its groups empty: reuse them, sparing a
            // mkdir and an rmdir per hierarchy on every restart.
            if (idle.Limits == spec.TreeLimits)
            {
                return idle;
            }

            ForgetGroup(idle);
        }

        var group = _cgroups.NewInstance(name);
        try
        {
            group.Create(spec.TreeLimits);
        }
        catch (CgroupException e)
        {
            throw new ProcessStartException(spec.FileName, e.Message, e.Errno == 0 ? null : e.Errno, e);
        }

        _liveGroups[group.Name] = 0;
        return group;
    }

    /// <summary>Spawns a child that joins <paramref name="group"/> itself before it executes; a failed join is a <see cref="CgroupException"/>.</summary>
    private static int SpawnJoining(ProcessStartSpec spec, InstanceCgroup group, string program, List<string> argv, NativeStringArray envp, out PosixSpawner.Spawned spawned)
    {
        var files = group.OpenForSpawn();
        try
        {
            var error = NativeSpawner.Spawn(program, argv, envp, spec.WorkingDirectory, spec.CaptureOutput, files.Directory, files.ProcsFiles, out spawned, out var step);
            if (step == NativeSpawner.Step.Cgroup)
            {
                throw new CgroupException($"cannot write to {group.Membership}/cgroup.procs: {LibC.Describe(error)}", error);
            }

            return error;
        }
        finally
        {
            files.Close();
        }
    }

    /// <summary>Moves the child, still waiting at its gate, into its groups; on failure it dies without having run.</summary>
    private void EnterGroup(ProcessStartSpec spec, PosixSpawner.Spawned spawned, InstanceCgroup group)
    {
        try
        {
            group.Enter(spawned.Pid);
        }
        catch (CgroupException e)
        {
            LibC.Kill(spawned.Pid, (int)ProcessSignal.SIGKILL);
            ReapBlocking(spawned.Pid);
            CloseIfOpen(spawned.StdoutFd);
            CloseIfOpen(spawned.StderrFd);
            ForgetGroup(group);
            throw new ProcessStartException(spec.FileName, $"cannot place the child into its control group: {e.Message}", e.Errno == 0 ? null : e.Errno, e);
        }
    }

    private void AbandonGroup(InstanceCgroup? group)
    {
        if (group is not null)
        {
            ForgetGroup(group);
        }
    }

    /// <summary>The group of <paramref name="ended"/>, whose leader was reaped, is settled next (before its instance starts again).</summary>
    internal void AwaitSettling(LinuxChildProcess ended) => _settling[ended.Group!.Key] = ended;

    /// <summary><paramref name="ended"/>'s group is settled.</summary>
    internal void Settled(LinuxChildProcess ended) =>
        _settling.TryRemove(new KeyValuePair<string, LinuxChildProcess>(ended.Group!.Key, ended));

    /// <summary>Keeps the empty groups of a tree that ended for the next start of the same instance.</summary>
    internal void Park(InstanceCgroup group)
    {
        group.KeepFilesOpen();
        if (!_idle.TryAdd(group.Key, group))
        {
            ForgetGroup(group);
        }
    }

    public void RemoveIdleGroups()
    {
        foreach (var key in _idle.Keys)
        {
            if (_idle.TryRemove(key, out var group))
            {
                ForgetGroup(group);
            }
        }

        // Fails harmlessly (EBUSY) while any group of this warden is still in use.
        _cgroups?.RemoveBase();
    }

    /// <summary>Removes a tree's groups once they are empty; they stay (and are found as leftovers) otherwise.</summary>
    internal void ForgetGroup(InstanceCgroup group)
    {
        if (group.Remove())
        {
            _liveGroups.TryRemove(group.Name, out _);
        }
    }

    public IChildProcess? Adopt(int pid, ulong startTime)
    {
        if (pid <= 1 || pid == Environment.ProcessId)
        {
            return null;
        }

        if (_tracked.TryGetValue(pid, out var existing))
        {
            // Already ours (started or adopted by this warden): one watcher per process.
            return existing.StartTime == startTime ? existing : null;
        }

        var pidfd = LibC.PidfdOpen(pid);
        if (pidfd < 0)
        {
            return null;
        }

        // Checked after the pidfd exists: the pidfd now pins the process the start time describes.
        if (ProcFs.ReadStartTime(pid) != startTime)
        {
            LibC.Close(pidfd);
            return null;
        }

        var leadsGroup = LibC.GetPgid(pid) == pid;
        var group = FindOwnGroup(pid);
        var child = new LinuxChildProcess(this, pid, pidfd, startTime, ProcFs.ReadMarker(pid), leadsGroup, isOurChild: false, null, null, group);
        if (leadsGroup && LibC.GetSid(pid) == pid)
        {
            _orphanReaper.AddSession(pid, startTime);
        }

        _tracked[pid] = child;
        child.Watch();
        return child;
    }

    public int ReapOrphans() => _orphanReaper.Reap();

    /// <summary>The SIGCHLD pass (see <see cref="OrphanReaper.ReapReparented"/>).</summary>
    internal int ReapReparentedOrphans() => _orphanReaper.ReapReparented();

    public ResourceUsage? ReadUsage(int pid) => _tracked.TryGetValue(pid, out var child) ? child.ReadUsage() : null;

    public IReadOnlyList<LeftoverCgroup> FindLeftoverCgroups()
    {
        if (_cgroups is null)
        {
            return [];
        }

        var leftovers = new List<LeftoverCgroup>();
        foreach (var name in _cgroups.ListInstanceNames())
        {
            if (_liveGroups.ContainsKey(name))
            {
                continue;
            }

            var group = InstanceCgroup.For(_cgroups, name);
            var processes = group.ListContained();
            if (processes.Count == 0 && group.Remove())
            {
                continue;
            }

            leftovers.Add(new LeftoverCgroup(name, group.Membership, processes));
        }

        return leftovers;
    }

    public void KillLeftoverCgroups(IReadOnlyCollection<LeftoverCgroup> leftovers)
    {
        ArgumentNullException.ThrowIfNull(leftovers);
        if (_cgroups is null)
        {
            return;
        }

        foreach (var leftover in leftovers)
        {
            if (!_liveGroups.ContainsKey(leftover.Name))
            {
                new CgroupKiller(this, InstanceCgroup.For(_cgroups, leftover.Name)).Run();
            }
        }
    }

    /// <summary>The group of this warden that <paramref name="pid"/> is in (an adopted child of a previous warden with the same id).</summary>
    private InstanceCgroup? FindOwnGroup(int pid)
    {
        if (_cgroups is null)
        {
            return null;
        }

        var prefix = _cgroups.MembershipBase[_cgroups.MembershipBase.LastIndexOf("/actorwarden/", StringComparison.Ordinal)..] + "/";
        foreach (var path in CgroupMembership.Of(pid))
        {
            var at = path.LastIndexOf(prefix, StringComparison.Ordinal);
            if (at >= 0 && path[(at + prefix.Length)..] is { Length: > 0 } name && !name.Contains('/', StringComparison.Ordinal)
                && Directory.Exists(Path.Combine(_cgroups.MembershipBase, name)))
            {
                _liveGroups[name] = 0;
                return InstanceCgroup.For(_cgroups, name);
            }
        }

        return null;
    }

    internal bool IsTracked(int pid) => _tracked.ContainsKey(pid);

    /// <summary>This launcher's cgroup layout (null without containment), for tests and diagnostics.</summary>
    internal CgroupLayout? Cgroups => _cgroups;

    /// <summary>
    /// One read of the warden's children list instead of one tree kill per ended process. The warden is
    /// a child subreaper, so every survivor of a reaped child of ours — its own children, escaped
    /// daemons, their descendants — has become a child of the warden or a descendant of one that is not
    /// tracked. When every child of the warden is a tracked live service process, nothing is left.
    /// </summary>
    public void KillLeftovers(IReadOnlyCollection<IChildProcess> ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (ended.Count == 0)
        {
            return;
        }

        // A contained tree is exactly its control group: empty means nothing is left.
        var uncontained = new List<IChildProcess>(ended.Count);
        foreach (var process in ended)
        {
            if (process is LinuxChildProcess { Group: not null } contained)
            {
                if (!contained.LeftNothing)
                {
                    process.KillTree();
                }
                else
                {
                    contained.ReleaseEmptyGroup();
                }
            }
            else
            {
                uncontained.Add(process);
            }
        }

        if (uncontained.Count == 0)
        {
            return;
        }

        ended = uncontained;
        var provable = ProcFs.HasChildrenLists && ended.All(p => p is LinuxChildProcess { IsReapedChildOfOurs: true });
        if (provable && ProcFs.ListOwnChildren().All(IsTracked))
        {
            return;
        }

        ProcessTrees.KillEach(ended);
    }

    internal void Untrack(LinuxChildProcess child) => _tracked.TryRemove(new KeyValuePair<int, LinuxChildProcess>(child.Pid, child));

    /// <summary>Remembers a descendant of ours that could not be reaped yet, for <see cref="ReapOrphans"/>.</summary>
    internal void RecordOrphan(int pid, ulong startTime) => _orphanReaper.Record(pid, startTime);

    private LinuxChildProcess Register(ProcessStartSpec spec, PosixSpawner.Spawned spawned, string marker, InstanceCgroup? group, SpawnWindow window)
    {
        Stream? stdout = null;
        Stream? stderr = null;
        var stdoutFd = spawned.StdoutFd;
        var stderrFd = spawned.StderrFd;
        var pidfd = -1;
        try
        {
            pidfd = LibC.PidfdOpen(spawned.Pid);
            if (pidfd < 0)
            {
                throw new InvalidOperationException($"pidfd_open: {LibC.Describe(Marshal.GetLastPInvokeError())}");
            }

            // A child that already exited is a zombie until the watcher reaps it, so its stat is still readable.
            var startTime = window.StartTime ?? ProcFs.ReadStartTime(spawned.Pid) ?? 0;
            stdout = OpenStream(Take(ref stdoutFd));
            stderr = OpenStream(Take(ref stderrFd));
            var child = new LinuxChildProcess(this, spawned.Pid, pidfd, startTime, marker, leadsGroup: true, isOurChild: true, stdout, stderr, group);
            _orphanReaper.AddSession(spawned.Pid, startTime);
            _tracked[spawned.Pid] = child;
            try
            {
                child.Watch();
            }
            catch
            {
                _tracked.TryRemove(spawned.Pid, out _);
                throw;
            }

            return child;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or SocketException)
        {
            // Never leave a running child nobody watches: kill its group and reap it here.
            LibC.Kill(-spawned.Pid, (int)ProcessSignal.SIGKILL);
            ReapBlocking(spawned.Pid);
            CloseIfOpen(pidfd);
            stdout?.Dispose();
            stderr?.Dispose();
            CloseIfOpen(stdoutFd);
            CloseIfOpen(stderrFd);
            if (group is not null)
            {
                ForgetGroup(group);
            }

            throw new ProcessStartException(spec.FileName, $"started but cannot be watched ({e.Message})", null, e);
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            LibC.Close(fd);
        }
    }

    private static unsafe void ReapBlocking(int pid)
    {
        int status;
        while (LibC.WaitPid(pid, &status, 0) < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR)
        {
        }
    }

    private static int Take(ref int fd)
    {
        var taken = fd;
        fd = -1;
        return taken;
    }

    /// <summary>Wraps the read end of a pipe for asynchronous reads (see <see cref="PipeReadStream"/>).</summary>
    private static PipeReadStream? OpenStream(int fd)
    {
        if (fd < 0)
        {
            return null;
        }

        // The handle owns the fd from here on, also when wrapping fails.
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new PipeReadStream(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
