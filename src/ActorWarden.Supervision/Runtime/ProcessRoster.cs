using Akka.Actor;
using ActorWarden.Processes;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Every OS process the warden is answerable for, in one actor: the live process of each instance (told
/// by its actor at spawn and exit), survivors of a previous warden it adopted or is killing, and the last
/// processes of each instance that ended on their own (their daemons are swept at the next stop). It is
/// the only writer of the state file, from which the next warden finds survivors after a crash, and the
/// one that kills what is left at shutdown. Instance state is not here: each instance actor owns its own.
/// </summary>
public sealed class ProcessRoster : ReceiveActor, IWithTimers
{
    /// <summary>How many ended processes per instance are remembered for a leftover sweep at its next stop.</summary>
    public const int EndedRemembered = 16;

    /// <summary>Minimum time between two writes of the state file.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    private readonly StateFile? _file;
    private readonly IProcessLauncher _launcher;
    private readonly DetachedWork _detached;
    private readonly Serilog.ILogger _log;
    private readonly Dictionary<int, (string Instance, string Service, IChildProcess Process)> _live = new();
    private readonly Dictionary<string, Queue<IChildProcess>> _ended = new(StringComparer.Ordinal);
    private bool _dirty;
    private bool _flushQueued;
    private bool _failing;
    private TimeSpan? _lastWrite;

    private ProcessRoster(StateFile? file, IProcessLauncher launcher, DetachedWork detached, IReadOnlyList<SurvivorProcess> survivors, Serilog.ILogger log)
    {
        _file = file;
        _launcher = launcher;
        _detached = detached;
        _log = log;
        foreach (var survivor in survivors)
        {
            _live[survivor.Process.Pid] = (survivor.Instance, survivor.Service, survivor.Process);
            if (!survivor.Adopted)
            {
                // Being killed: it stays in the state file until it is gone, so a crash meanwhile still finds it.
                var pid = survivor.Process.Pid;
                survivor.Process.Exited.PipeTo(Self, Self, _ => new WatchedGone(pid), _ => new WatchedGone(pid));
            }
        }

        _dirty = survivors.Count > 0;
        Receive<ProcessSpawned>(OnSpawned);
        Receive<ProcessEnded>(OnEnded);
        Receive<WatchedGone>(gone => Forget(gone.Pid));
        Receive<SweepLeftovers>(sweep => Sweep(TakeEnded(sweep.Instance)));
        Receive<KillEverything>(_ => Sender.Tell(new EverythingKilled(KillAll()), Self));
        Receive<FlushStateFile>(_ =>
        {
            _flushQueued = false;
            Write();
        });
        Receive<DrainEvents>(_ =>
        {
            _dirty = _file is not null;
            Write();
            Sender.Tell(new EventsDrained(_dirty ? 1 : 0), Self);
        });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the roster.</summary>
    /// <param name="file">The state file to keep, or null (simulate, tests without files).</param>
    /// <param name="launcher">Kills trees and sweeps leftovers.</param>
    /// <param name="detached">Where tree kills and sweeps run, off the roster's thread.</param>
    /// <param name="survivors">What the orphan sweep found of a previous warden: adopted, or being killed.</param>
    /// <param name="log">The warden's log.</param>
    public static Props Props(StateFile? file, IProcessLauncher launcher, DetachedWork detached, IReadOnlyList<SurvivorProcess> survivors, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(detached);
        ArgumentNullException.ThrowIfNull(survivors);
        ArgumentNullException.ThrowIfNull(log);
        var props = ActorProps.Of(() => new ProcessRoster(file, launcher, detached, survivors, log));

        // Pinned when it writes the state file: write, fsync and rename block, and must not hold a pool thread.
        return file is null ? props : props.WithDispatcher(WardenAkkaIds.PinnedDispatcher);
    }

    /// <inheritdoc />
    protected override void PreStart() => Changed();

    /// <summary>The system is ending without a shutdown (a crash of the tree): nothing is left behind.</summary>
    protected override void PostStop() => KillAll();

    private void OnSpawned(ProcessSpawned spawned)
    {
        _live[spawned.Process.Pid] = (spawned.Instance, spawned.Service, spawned.Process);
        Changed();
    }

    private void OnEnded(ProcessEnded ended)
    {
        Forget(ended.Process.Pid);
        if (!ended.Remember)
        {
            return;
        }

        if (!_ended.TryGetValue(ended.Instance, out var queue))
        {
            queue = new Queue<IChildProcess>();
            _ended[ended.Instance] = queue;
        }

        queue.Enqueue(ended.Process);
        while (queue.Count > EndedRemembered)
        {
            queue.Dequeue();
        }
    }

    private void Forget(int pid)
    {
        if (_live.Remove(pid))
        {
            Changed();
        }
    }

    private IReadOnlyList<IChildProcess> TakeEnded(string instance) =>
        _ended.Remove(instance, out var queue) ? queue.ToArray() : [];

    private void Sweep(IReadOnlyList<IChildProcess> ended)
    {
        if (ended.Count == 0)
        {
            return;
        }

        var launcher = _launcher;
        var log = _log;
        _detached.Run(() =>
        {
            try
            {
                launcher.KillLeftovers(ended);
                launcher.ReapOrphans();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                log.Warning(ex, "Killing what ended processes left behind failed");
            }
        });
    }

    /// <summary>Kills the tree of every live process and what every remembered ended process left; returns how many live ones were killed.</summary>
    private int KillAll()
    {
        var ended = _ended.Values.SelectMany(q => q).ToArray();
        _ended.Clear();
        try
        {
            _launcher.KillLeftovers(ended);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        var killed = 0;
        foreach (var (_, _, process) in _live.Values.OrderBy(p => p.Instance, StringComparer.Ordinal))
        {
            if (process.Exited.IsCompleted)
            {
                continue;
            }

            try
            {
                process.KillTree();
                killed++;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // Gone between the check and the kill.
            }
        }

        _launcher.RemoveIdleGroups();
        return killed;
    }

    private void Changed()
    {
        if (_file is null)
        {
            return;
        }

        _dirty = true;
        if (_flushQueued)
        {
            return;
        }

        _flushQueued = true;
        var now = Context.System.Scheduler.Monotonic;
        var wait = _lastWrite is { } last ? MinInterval - (now - last) : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(FlushStateFile.Instance, FlushStateFile.Instance, wait);
        }
        else
        {
            Self.Tell(FlushStateFile.Instance, Self);
        }
    }

    private void Write()
    {
        if (!_dirty || _file is null)
        {
            return;
        }

        try
        {
            _file.Write(_live.Values
                .OrderBy(p => p.Instance, StringComparer.Ordinal)
                .Select(p => new StateEntry(p.Service, p.Instance, p.Process.Pid, p.Process.StartTime))
                .ToArray());
            _lastWrite = Context.System.Scheduler.Monotonic;
            _dirty = false;
            if (_failing)
            {
                _failing = false;
                _log.Information("State file {Path} is writable again", _file.Path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_failing)
            {
                _failing = true;
                _log.Error(ex, "Cannot write state file {Path}; survivors of a crash may not be found until it is writable", _file.Path);
            }

            if (!_flushQueued)
            {
                _flushQueued = true;
                Timers.StartSingleTimer(FlushStateFile.Instance, FlushStateFile.Instance, TimeSpan.FromSeconds(1));
            }
        }
    }
}
