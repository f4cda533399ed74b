using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Rewrites the state file after starts and exits, off the supervision path: events queue in its
/// mailbox and everything that happens within <see cref="MinInterval"/> of the last write costs one
/// atomic write (an fsync per restart would cap a crash loop's restart rate). The file therefore lags
/// reality by at most that interval. A write error is reported once and retried on the scheduler.
/// </summary>
public sealed class StateFileWriter : ReceiveActor, IWithTimers
{
    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly StateFile _file;
    private readonly InstanceRegistry _registry;
    private readonly Serilog.ILogger _log;
    /// <summary>Minimum time between two writes of the file.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    private bool _flushQueued;
    private bool _dirty;
    private bool _failing;
    private TimeSpan? _lastWrite;

    private StateFileWriter(StateFile file, InstanceRegistry registry, Serilog.ILogger log)
    {
        _file = file;
        _registry = registry;
        _log = log;
        Receive<WardenEvent>(_ =>
        {
            _dirty = true;
            if (!_flushQueued)
            {
                _flushQueued = true;
                var now = Context.System.Scheduler.Monotonic;
                var wait = _lastWrite is { } last ? MinInterval - (now - last) : TimeSpan.Zero;
                if (wait > TimeSpan.Zero)
                {
                    Timers.StartSingleTimer(FlushState.Instance, FlushState.Instance, wait);
                }
                else
                {
                    Self.Tell(FlushState.Instance, Self);
                }
            }
        });
        Receive<FlushState>(_ =>
        {
            _flushQueued = false;
            Write();
        });
        Receive<DrainEvents>(_ =>
        {
            _dirty = true;
            Write();
            Sender.Tell(new EventsDrained(_dirty ? 1 : 0), Self);
        });
    }

    /// <summary>Props of the writer of <paramref name="file"/> from <paramref name="registry"/>.</summary>
    public static Props Props(StateFile file, InstanceRegistry registry, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        // Pinned: it does blocking file I/O (write, fsync, rename) that must not hold a pool thread.
        return ActorProps.Of(() => new StateFileWriter(file, registry, log)).WithDispatcher(WardenAkkaIds.PinnedDispatcher);
    }

    /// <summary>The events after which the set of live processes may have changed.</summary>
    public static bool IsRelevant(WardenEvent @event) =>
        @event.Event is EventNames.Started or EventNames.Exited or EventNames.Stopped or EventNames.Killed;

    private void Write()
    {
        if (!_dirty)
        {
            return;
        }

        try
        {
            _file.Write(StateFile.Snapshot(_registry));
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
                Timers.StartSingleTimer(FlushState.Instance, FlushState.Instance, TimeSpan.FromSeconds(1));
            }
        }
    }

    private sealed record FlushState
    {
        public static FlushState Instance { get; } = new();
    }
}
