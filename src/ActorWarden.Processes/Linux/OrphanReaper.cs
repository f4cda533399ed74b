using System.Collections.Concurrent;
using System.Text;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Reaps descendants of our services that re-parented to the warden (it is a child subreaper) and
/// are not tracked by a live child. Every child we spawn leads a session of its own, and a session
/// can only be left for a new one, so every descendant of a service lives outside the warden's own
/// session; children of System.Diagnostics.Process live inside it and are never waited for here, so
/// the runtime keeps their exit codes. A zombie is judged by that session alone: its environment (the
/// tree marker) is gone, and a daemon that called setsid made a session nobody recorded.
/// </summary>
/// <param name="isTracked">True for every live child of any launcher (their exit watcher reaps them).</param>
/// <param name="spawnGuard">Held for reading while a child is spawned and not yet tracked; acting on an untracked child takes it for writing.</param>
/// <param name="deferred">Asks for another pass once the spawns in flight are registered.</param>
internal sealed class OrphanReaper(Func<int, bool> isTracked, ReaderWriterLockSlim spawnGuard, Action deferred)
{
    private const int SessionPruneSlack = 1024;

    private int _pruneAt = SessionPruneSlack;
    private int _pruning;

    private readonly ConcurrentDictionary<int, ulong> _orphans = new();

    // Session id → start time of the child that created it (the session id is that child's pid), and
    // when it was recorded (a count of recordings), so that a prune can tell which sessions existed
    // before its scan of /proc began.
    private readonly ConcurrentDictionary<int, Session> _sessions = new();
    private long _recorded;

    private readonly record struct Session(ulong CreatorStart, long Recorded);
    private readonly byte[] _markerPrefix = Encoding.UTF8.GetBytes($"{ProcessInfo.TreeMarkerVariable}=");

    /// <summary>Remembers that the child <paramref name="leaderPid"/> created a session of its own.</summary>
    public void AddSession(int leaderPid, ulong leaderStartTime)
    {
        _sessions[leaderPid] = new Session(leaderStartTime, Interlocked.Increment(ref _recorded));

        // Every spawn adds a session; forgetting the dead ones needs a /proc scan, kept off the spawn path.
        if (_sessions.Count >= _pruneAt && Interlocked.CompareExchange(ref _pruning, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => PruneSessions(), null);
        }
    }

    /// <summary>How many sessions are remembered as the warden's (for tests of the prune).</summary>
    internal int SessionCount => _sessions.Count;

    /// <summary>Whether <paramref name="session"/> is remembered as one the warden's children created.</summary>
    internal bool RemembersSession(int session) => _sessions.ContainsKey(session);

    /// <summary>Remembers a descendant that could not be reaped yet (still running, or not yet our child).</summary>
    public void Record(int pid, ulong startTime) => _orphans[pid] = startTime;

    /// <summary>A full pass: every thread's children (the periodic pass and the explicit calls).</summary>
    public int Reap() => Reap(ProcFs.ListOwnChildren());

    /// <summary>
    /// The pass run on every SIGCHLD: only the main thread's children, where orphans are re-parented.
    /// Reading every thread's list on each exit was about a seventh of the warden's CPU per restart;
    /// a child of ours that ends is reaped by its own exit watcher, and the periodic full pass still
    /// covers anything this one would miss.
    /// </summary>
    public int ReapReparented() => Reap(ProcFs.ListMainThreadChildren());

    private int Reap(IReadOnlyList<int> children)
    {
        var self = Environment.ProcessId;
        var reaped = 0;
        foreach (var (pid, startTime) in _orphans)
        {
            var stat = ProcFs.ReadStat(pid);
            if (stat is null || stat.Value.StartTime != startTime)
            {
                _orphans.TryRemove(pid, out _);
            }
            else if (stat.Value.State == 'Z' && stat.Value.ParentPid == self && ReapPid(pid))
            {
                _orphans.TryRemove(pid, out _);
                reaped++;
            }
        }

        var ownSession = LibC.GetSid(0);
        foreach (var pid in children)
        {
            if (isTracked(pid) || _orphans.ContainsKey(pid) || ProcFs.ReadStat(pid) is not { } line || line.ParentPid != self)
            {
                continue;
            }

            var ours = line.Session != ownSession || IsOurSession(line.Session);
            if (line.State == 'Z')
            {
                if (ours && WhenUntracked(line.Pid, () => ReapPid(line.Pid)))
                {
                    reaped++;
                }
            }
            else if (ours || ProcFs.EnvironContains(line.Pid, _markerPrefix, wholeEntry: false))
            {
                WhenUntracked(line.Pid, () => Watch(line.Pid, line.StartTime));
            }
        }

        if (_sessions.Count >= _pruneAt && Interlocked.CompareExchange(ref _pruning, 1, 0) == 0)
        {
            PruneSessions();
        }

        return reaped;
    }

    /// <summary>
    /// A session we created stays ours while its id is not recycled: the kernel keeps the number
    /// reserved as long as any member (even a zombie) uses it, so either the creator is still the
    /// process with that pid, or no process has that pid at all.
    /// </summary>
    private bool IsOurSession(int session)
    {
        if (!_sessions.TryGetValue(session, out var recorded))
        {
            return false;
        }

        var current = ProcFs.ReadStartTime(session);
        if (current is null || current == recorded.CreatorStart)
        {
            return true;
        }

        _sessions.TryRemove(session, out _);
        return false;
    }

    /// <summary>A living orphan of ours: the exit watcher reaps it the moment it dies.</summary>
    private bool Watch(int pid, ulong startTime)
    {
        var pidfd = LibC.PidfdOpen(pid);
        if (pidfd < 0)
        {
            return false;
        }

        if (ProcFs.ReadStartTime(pid) != startTime || !_orphans.TryAdd(pid, startTime))
        {
            LibC.Close(pidfd);
            return false;
        }

        PidfdExitWatcher.Instance.Watch(pidfd, () =>
        {
            ExitStatus.TryReap(pidfd, block: true, out _);
            LibC.Close(pidfd);
            _orphans.TryRemove(new KeyValuePair<int, ulong>(pid, startTime));
        });
        return true;
    }

    /// <summary>
    /// Forgets sessions no process uses any more (their ids can only come back recycled, and then they
    /// are not ours). Needs a full /proc scan, so it runs only when the set has doubled; the caller
    /// holds <see cref="_pruning"/>.
    /// </summary>
    /// <remarks>
    /// A session recorded before the scan began existed before it, so if no process showed it, none
    /// uses it. One recorded since may not have been seen yet and is kept for the next prune. Asking
    /// /proc for each absent creator instead cost an open that failed with ENOENT per restart.
    /// </remarks>
    private void PruneSessions()
    {
        try
        {
            var scanFrom = Interlocked.Read(ref _recorded);
            var inUse = ProcFs.Snapshot().Select(l => l.Session).ToHashSet();
            foreach (var (session, recorded) in _sessions)
            {
                if (recorded.Recorded <= scanFrom && !inUse.Contains(session) && !isTracked(session))
                {
                    _sessions.TryRemove(new KeyValuePair<int, Session>(session, recorded));
                }
            }

            _pruneAt = Math.Max(SessionPruneSlack, _sessions.Count * 2);
        }
        finally
        {
            Volatile.Write(ref _pruning, 0);
        }
    }

    /// <summary>
    /// Acts on an untracked child of the warden only while no spawn is between posix_spawn and its
    /// registration: a child just spawned looks untracked (and lives outside the warden's session),
    /// and reaping or watching it here would steal its exit status from its own watcher. A spawn in
    /// flight is never waited for (that would put the reaper on the spawn path); the child is left
    /// for the pass that <c>deferred</c> asks for once the spawn is registered.
    /// </summary>
    private bool WhenUntracked(int pid, Func<bool> action)
    {
        if (!spawnGuard.TryEnterWriteLock(0))
        {
            deferred();
            return false;
        }

        try
        {
            return !isTracked(pid) && action();
        }
        finally
        {
            spawnGuard.ExitWriteLock();
        }
    }

    private static unsafe bool ReapPid(int pid)
    {
        int status;
        return LibC.WaitPid(pid, &status, LibC.WNOHANG) == pid;
    }
}
