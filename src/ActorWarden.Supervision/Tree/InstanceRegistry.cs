using System.Collections.Concurrent;
using ActorWarden.Processes;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Supervision.Tree;

/// <summary>
/// What must outlive an incarnation of a ProcessActor: the last state (so a restarted actor reports a
/// true from→to), whether an operator wants the instance up (so an instance recreated by a group or
/// root restart comes back only if it was wanted), and every OS process still alive (so a replacement
/// is spawned only after its predecessor has exited, and shutdown can kill whatever is left — no
/// orphan). Entries are immutable records swapped atomically; each instance has one writer at a time.
/// </summary>
public sealed class InstanceRegistry
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IChildProcess> _adopted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IChildProcess>> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Action<ProcessExit>> _detached = new();
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StopTurn> _stopTurns = new(StringComparer.Ordinal);

    /// <summary>How many ended processes per instance are remembered for a leftover sweep at the next stop.</summary>
    public const int EndedRemembered = 16;

    /// <summary>Last known state of <paramref name="instance"/> (Stopped when never seen).</summary>
    public ProcessState StateOf(string instance) =>
        _entries.TryGetValue(instance, out var entry) ? entry.State : ProcessState.Stopped;

    /// <summary>Records the state an instance just entered.</summary>
    public void SetState(string instance, ProcessState state) =>
        _entries.AddOrUpdate(instance, static (_, s) => new Entry(s, false, null, null), static (_, e, s) => e with { State = s }, state);

    /// <summary>True when the instance should be running (autostarted or started by an operator, and not stopped since).</summary>
    public bool IsWanted(string instance) => _entries.TryGetValue(instance, out var entry) && entry.Wanted;

    /// <summary>Records whether the instance should be running.</summary>
    public void SetWanted(string instance, bool wanted) =>
        _entries.AddOrUpdate(instance, static (_, w) => new Entry(ProcessState.Stopped, w, null, null), static (_, e, w) => e with { Wanted = w }, wanted);

    /// <summary>
    /// Tracks <paramref name="process"/> as the live process of <paramref name="instance"/>. The returned task
    /// completes with the exit once the process is gone and no longer tracked.
    /// </summary>
    public Task<ProcessExit> Track(string instance, string service, IChildProcess process) => Track(instance, service, process, null);

    /// <summary>
    /// Tracks <paramref name="process"/> like <see cref="Track(string, string, IChildProcess)"/> and calls
    /// <paramref name="onExit"/> once it is gone, from the exit watcher's continuation: the owner's exit
    /// message needs no second continuation on the returned task (one allocation less per restart).
    /// </summary>
    public Task<ProcessExit> Track(string instance, string service, IChildProcess process, Action<ProcessExit>? onExit)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(service);
        var pid = process.Pid;

        // Registered before the exit continuation, which may run at once (a process that died
        // instantly) and must find the entry to remove.
        var gone = new TaskCompletionSource<ProcessExit>();
        _entries.AddOrUpdate(
            instance,
            static (_, a) => new Entry(ProcessState.Stopped, false, a.process, a.gone) { Service = a.service },
            static (_, e, a) => e with { Process = a.process, Gone = a.gone, Service = a.service },
            (process, gone: (Task)gone.Task, service));
        process.Exited.ContinueWith(
            t =>
            {
                var exit = t.IsCompletedSuccessfully ? t.Result : ProcessExit.Unknown;
                Untrack(instance, pid);

                // The owner of a detached stop records the end before anyone waiting for the instance
                // to be gone can spawn its successor, so its Stopped never overtakes the next Starting.
                if (_detached.TryRemove(pid, out var onGone))
                {
                    onGone(exit);
                }

                gone.TrySetResult(exit);
                onExit?.Invoke(exit);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return gone.Task;
    }

    /// <summary>
    /// Runs <paramref name="onGone"/> once when the tracked <paramref name="process"/> of <paramref name="instance"/> exits, before
    /// <see cref="WhenGone"/> completes: a process whose actor has ended is still seen to end.
    /// </summary>
    public void OnGoneDetached(string instance, IChildProcess process, Action<ProcessExit> onGone)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(onGone);
        var pid = process.Pid;
        _detached[pid] = onGone;

        // Untracked already: the exit continuation may have looked before the registration; exactly one
        // of the two takes the action out.
        var tracked = _entries.TryGetValue(instance, out var entry) && entry.Process?.Pid == pid;
        if (!tracked && _detached.TryRemove(pid, out var late))
        {
            late(process.Exited.IsCompletedSuccessfully ? process.Exited.Result : ProcessExit.Unknown);
        }
    }

    /// <summary>Moves <paramref name="instance"/> to <paramref name="to"/> only if it is still in <paramref name="expected"/>.</summary>
    public bool TrySetState(string instance, ProcessState expected, ProcessState to)
    {
        while (_entries.TryGetValue(instance, out var entry))
        {
            if (entry.State != expected)
            {
                return false;
            }

            if (_entries.TryUpdate(instance, entry with { State = to }, entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Holds a fresh incarnation of <paramref name="instance"/> back from starting by itself: after a
    /// group restart or a reload the guardian starts it in dependency order instead.
    /// </summary>
    public void Hold(string instance) => _held[instance] = 0;

    /// <summary>Ends a <see cref="Hold"/>; true when the instance was held.</summary>
    public bool Release(string instance) => _held.TryRemove(instance, out _);

    /// <summary>True while the guardian, not the instance itself, decides when it starts.</summary>
    public bool IsHeld(string instance) => _held.ContainsKey(instance);

    /// <summary>
    /// Keeps the process of <paramref name="instance"/> running when its actor ends, until
    /// <see cref="ReleaseStop"/>: a restart that affects several services stops them in reverse
    /// dependency order, so a service's stop signal waits until its dependents are gone.
    /// </summary>
    public void DeferStop(string instance) => _stopTurns.TryAdd(instance, new StopTurn(new TaskCompletionSource(), new TaskCompletionSource()));

    /// <summary>Completes when the deferred stop of <paramref name="instance"/> may proceed (at once when none is deferred).</summary>
    public Task StopGo(string instance) =>
        _stopTurns.TryGetValue(instance, out var turn) ? turn.Go.Task : Task.CompletedTask;

    /// <summary>The actor of <paramref name="instance"/> has ended and handed its process to a detached stop.</summary>
    public void ArriveAtStop(string instance)
    {
        if (_stopTurns.TryGetValue(instance, out var turn))
        {
            turn.Arrived.TrySetResult();
        }
    }

    /// <summary>Completes once the actor of <paramref name="instance"/> has handed its process to a deferred stop (at once when none is deferred).</summary>
    public Task ArrivedAtStop(string instance) =>
        _stopTurns.TryGetValue(instance, out var turn) ? turn.Arrived.Task : Task.CompletedTask;

    /// <summary>Lets the deferred stop of <paramref name="instance"/> proceed (nothing when none is deferred).</summary>
    public void ReleaseStop(string instance)
    {
        if (_stopTurns.TryRemove(instance, out var turn))
        {
            turn.Arrived.TrySetResult();
            turn.Go.TrySetResult();
        }
    }

    /// <summary>Lets every deferred stop proceed (shutdown stops everything in its own order).</summary>
    public void ReleaseAllStops()
    {
        foreach (var instance in _stopTurns.Keys)
        {
            ReleaseStop(instance);
        }
    }

    /// <summary>Completes when the last tracked process of <paramref name="instance"/> is gone (at once when there is none).</summary>
    public Task WhenGone(string instance) =>
        _entries.TryGetValue(instance, out var entry) && entry.Gone is { } gone ? gone : Task.CompletedTask;

    /// <summary>The live processes, for the state file and for killing what is left at shutdown.</summary>
    public IReadOnlyList<(string Instance, string Service, IChildProcess Process)> LiveProcesses() =>
        _entries.Where(e => e.Value.Process is not null)
            .Select(e => (e.Key, e.Value.Service ?? string.Empty, e.Value.Process!))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Hands a survivor of a previous warden (re-attached through the launcher) to the instance it ran as:
    /// the instance's next start takes it over instead of spawning a duplicate.
    /// </summary>
    public void OfferAdopted(string instance, IChildProcess process) =>
        _adopted[instance] = process ?? throw new ArgumentNullException(nameof(process));

    /// <summary>The adopted survivor of <paramref name="instance"/>, once; null when there is none.</summary>
    public IChildProcess? TakeAdopted(string instance) => _adopted.TryRemove(instance, out var process) ? process : null;

    /// <summary>
    /// Remembers a process that ended on its own, so daemons it left behind (setsid, double fork) are
    /// killed at the instance's next stop. Sweeping at every exit would put a process-table scan on the
    /// restart path; only the most recent <see cref="EndedRemembered"/> are kept.
    /// </summary>
    public void RememberEnded(string instance, IChildProcess process)
    {
        var queue = _ended.GetOrAdd(instance, static _ => new ConcurrentQueue<IChildProcess>());
        queue.Enqueue(process);
        while (queue.Count > EndedRemembered && queue.TryDequeue(out _))
        {
        }
    }

    /// <summary>The remembered ended processes of <paramref name="instance"/>, once.</summary>
    public IReadOnlyList<IChildProcess> TakeEnded(string instance)
    {
        if (!_ended.TryGetValue(instance, out var queue))
        {
            return Array.Empty<IChildProcess>();
        }

        var taken = new List<IChildProcess>();
        while (queue.TryDequeue(out var process))
        {
            taken.Add(process);
        }

        return taken;
    }

    /// <summary>Kills the process tree of every tracked process; returns how many were killed.</summary>
    /// <param name="launcher">Sweeps what the remembered ended processes left behind, in one pass.</param>
    public int KillAll(IProcessLauncher launcher)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        var ended = _ended.Keys.SelectMany(TakeEnded).ToList();
        try
        {
            launcher.KillLeftovers(ended);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        var killed = 0;
        foreach (var (_, _, process) in LiveProcesses().Concat(_adopted.Select(a => (a.Key, string.Empty, a.Value))))
        {
            try
            {
                process.KillTree();
                killed++;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // Already gone between the snapshot and the kill.
            }
        }

        return killed;
    }

    /// <summary>Forgets an instance that no longer exists in the configuration (its process, if any, stays tracked until it exits).</summary>
    public void Forget(string instance)
    {
        if (_entries.TryGetValue(instance, out var entry) && entry.Process is null)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(instance, entry));
        }
        else
        {
            SetWanted(instance, false);
        }
    }

    private void Untrack(string instance, int pid) =>
        _entries.AddOrUpdate(
            instance,
            static (_, _) => new Entry(ProcessState.Stopped, false, null, null),
            static (_, e, p) => e.Process?.Pid == p ? e with { Process = null } : e,
            pid);

    private sealed record StopTurn(TaskCompletionSource Arrived, TaskCompletionSource Go);

    private sealed record Entry(ProcessState State, bool Wanted, IChildProcess? Process, Task? Gone)
    {
        public string? Service { get; init; }
    }
}
