using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// The warden's exit as a sequence of messages (Akka's CoordinatedShutdown phases, in the warden's
/// terms): the tree stops every service in reverse dependency order, what is still running at the
/// timeout (or at once when forced) is killed, <c>warden-stopped</c> is written, the event log and the
/// state file drain, and the actor system terminates. Every step is a message or a timer, so the same
/// exit runs in order on virtual time in <c>warden simulate</c>, where an awaited Ask would resume on
/// the thread pool, outside the simulated timeline.
/// </summary>
public sealed class ShutdownCoordinator : ReceiveActor, IWithTimers
{
    /// <summary>How long the event log and state file may take to drain at exit, even when the stop was forced.</summary>
    public static readonly TimeSpan MinimumDrain = TimeSpan.FromSeconds(5);

    private const string ShutdownTimer = "shutdown";
    private const string DrainTimer = "drain";

    private readonly IActorRef _guardian;
    private readonly IReadOnlyList<(IActorRef Writer, string What)> _writers;
    private readonly IActorRef _roster;
    private readonly EventEmitter _events;
    private readonly Func<int> _exitCode;
    private readonly Action _beforeTermination;
    private readonly Serilog.ILogger _log;
    private readonly HashSet<IActorRef> _draining = new();
    private TimeSpan _timeout;
    private bool _begun;
    private bool _killed;

    private ShutdownCoordinator(
        IActorRef guardian,
        IReadOnlyList<(IActorRef Writer, string What)> writers,
        IActorRef roster,
        EventEmitter events,
        Func<int> exitCode,
        Action beforeTermination,
        Serilog.ILogger log)
    {
        _guardian = guardian;
        _writers = writers;
        _roster = roster;
        _events = events;
        _exitCode = exitCode;
        _beforeTermination = beforeTermination;
        _log = log;
        Receive<BeginShutdown>(OnBegin);
        Receive<ForceShutdown>(_ => OnForce());
        Receive<TreeStopped>(_ => KillLeftoversAndDrain());
        Receive<ShutdownTimedOut>(_ =>
        {
            _log.Warning("Services did not stop within the shutdown timeout ({Timeout}); killing what is left", _timeout);
            KillLeftoversAndDrain();
        });
        Receive<EverythingKilled>(OnKilled);
        Receive<EventsDrained>(OnDrained);
        Receive<DrainTimedOut>(_ =>
        {
            foreach (var (_, what) in _writers.Where(w => _draining.Contains(w.Writer)))
            {
                _log.Warning("The {What} could not be written before exit", what);
            }

            Terminate();
        });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the coordinator of a warden's exit.</summary>
    /// <param name="guardian">The root of the tree, asked to stop every service in order.</param>
    /// <param name="writers">The event log and state file writers, drained before the system ends.</param>
    /// <param name="roster">Kills the processes still alive at the timeout.</param>
    /// <param name="events">Emits warden-stopping and warden-stopped.</param>
    /// <param name="exitCode">The exit code decided so far (root give-up with on-give-up = exit).</param>
    /// <param name="beforeTermination">Runs once the writers drained, just before the system terminates (completes the event bus).</param>
    /// <param name="log">The warden's log.</param>
    public static Props Props(
        IActorRef guardian,
        IReadOnlyList<(IActorRef Writer, string What)> writers,
        IActorRef roster,
        EventEmitter events,
        Func<int> exitCode,
        Action beforeTermination,
        Serilog.ILogger log) =>
        ActorProps.Of(() => new ShutdownCoordinator(guardian, writers, roster, events, exitCode, beforeTermination, log))
            .WithDispatcher(WardenAkkaIds.PinnedDispatcher);

    private void OnBegin(BeginShutdown begin)
    {
        if (_begun)
        {
            return;
        }

        _begun = true;
        _timeout = begin.Timeout;
        _events.Emit(null, null, new WardenStoppingEvent(begin.Reason, (long)begin.Timeout.TotalMilliseconds));
        // Even a forced stop tells the tree, so that nothing restarts what is about to be killed.
        _guardian.Tell(new ShutdownTree(begin.Reason), Self);
        if (begin.Timeout <= TimeSpan.Zero)
        {
            _log.Warning("Forced stop: killing every process now");
            KillLeftoversAndDrain();
            return;
        }

        Timers.StartSingleTimer(ShutdownTimer, ShutdownTimedOut.Instance, begin.Timeout);
    }

    private void OnForce()
    {
        if (!_begun)
        {
            OnBegin(new BeginShutdown(TimeSpan.Zero, "forced stop"));
            return;
        }

        if (!_killed)
        {
            _log.Warning("Forced stop: killing every process now");
            KillLeftoversAndDrain();
        }
    }

    private void KillLeftoversAndDrain()
    {
        if (_killed)
        {
            return;
        }

        _killed = true;
        Timers.Cancel(ShutdownTimer);
        _roster.Tell(KillEverything.Instance, Self);
    }

    private void OnKilled(EverythingKilled killed)
    {
        _events.Emit(null, null, new WardenStoppedEvent(_exitCode(), killed.Killed));

        // Everything queued before the drain request is written first (mailbox order), so a backlog
        // from a restart storm reaches the disk before the system ends; even a forced stop waits a little.
        foreach (var (writer, _) in _writers)
        {
            _draining.Add(writer);
            writer.Tell(DrainEvents.Instance, Self);
        }

        if (_draining.Count == 0)
        {
            Terminate();
            return;
        }

        Timers.StartSingleTimer(DrainTimer, DrainTimedOut.Instance, _timeout > MinimumDrain ? _timeout : MinimumDrain);
    }

    private void OnDrained(EventsDrained drained)
    {
        if (!_draining.Remove(Sender))
        {
            return;
        }

        if (drained.Pending > 0)
        {
            _log.Warning("The {What} could not be written completely before exit", _writers.First(w => w.Writer.Equals(Sender)).What);
        }

        if (_draining.Count == 0)
        {
            Terminate();
        }
    }

    private void Terminate()
    {
        Timers.CancelAll();
        _draining.Clear();
        _beforeTermination();
        Context.System.Terminate();
    }
}
