using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

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
    private readonly ConcurrentDictionary<int, LinuxChildProcess> _tracked = new();
    private readonly OrphanReaper _orphanReaper;

    private LinuxProcessLauncher()
    {
        _orphanReaper = new OrphanReaper(_tracked.ContainsKey);
    }

    /// <summary>Checks kernel support (pidfd, Linux 5.4+) and makes the warden a child subreaper.</summary>
    public static IProcessLauncher Create()
    {
        var probe = LibC.PidfdOpen(Environment.ProcessId);
        EnsurePidfdSupport(probe, probe < 0 ? Marshal.GetLastPInvokeError() : 0);
        LibC.Close(probe);
        if (LibC.Prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException($"cannot become a child subreaper: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }

        _ = PidfdExitWatcher.Instance;
        return new LinuxProcessLauncher();
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
        var path = SpawnPreflight.ResolveExecutable(spec);
        var (program, argv) = spec.User is null && spec.Group is null
            ? (path, [path, .. spec.Arguments])
            : RunAsIdentity.Wrap(spec, path);

        var marker = Guid.NewGuid().ToString("N");
        var envp = new List<string>(spec.Environment.Count + 1);
        foreach (var (name, value) in spec.Environment)
        {
            if (name != ProcessInfo.TreeMarkerVariable)
            {
                envp.Add($"{name}={value}");
            }
        }

        envp.Add($"{ProcessInfo.TreeMarkerVariable}={marker}");

        int error;
        PosixSpawner.Spawned spawned;
        try
        {
            error = PosixSpawner.Spawn(program, argv, envp, spec.WorkingDirectory, spec.CaptureOutput, out spawned);
        }
        catch (SpawnSetupException e)
        {
            throw new ProcessStartException(spec.FileName, $"cannot prepare the spawn: {e.Message}", e.Errno, e);
        }
        catch (ArgumentException e)
        {
            throw new ProcessStartException(spec.FileName, e.Message, null, e);
        }

        if (error != 0)
        {
            throw SpawnPreflight.Explain(spec, error);
        }

        var child = Register(spec, spawned, marker);
        if (spec.Nice is { } nice && LibC.SetPriority(LibC.PRIO_PROCESS, (uint)child.Pid, nice) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            child.KillTree();
            child.Dispose();
            throw new ProcessStartException(spec.FileName, $"cannot set nice {nice}: {LibC.Describe(errno)}", errno);
        }

        return child;
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
        var child = new LinuxChildProcess(this, pid, pidfd, startTime, ProcFs.ReadMarker(pid), leadsGroup, isOurChild: false, null, null);
        if (leadsGroup && LibC.GetSid(pid) == pid)
        {
            _orphanReaper.AddSession(pid, startTime);
        }

        _tracked[pid] = child;
        child.Watch();
        return child;
    }

    public int ReapOrphans() => _orphanReaper.Reap();

    internal bool IsTracked(int pid) => _tracked.ContainsKey(pid);

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

    private LinuxChildProcess Register(ProcessStartSpec spec, PosixSpawner.Spawned spawned, string marker)
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
            var startTime = ProcFs.ReadStartTime(spawned.Pid) ?? 0;
            stdout = OpenStream(Take(ref stdoutFd));
            stderr = OpenStream(Take(ref stderrFd));
            var child = new LinuxChildProcess(this, spawned.Pid, pidfd, startTime, marker, leadsGroup: true, isOurChild: true, stdout, stderr);
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
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
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
