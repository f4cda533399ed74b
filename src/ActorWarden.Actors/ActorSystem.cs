using Serilog;

namespace ActorWarden.Actors;

/// <summary>
/// A tree of actors with its guardians, scheduler, dead letters and logger. Hosts create one per process,
/// tests one per test. <see cref="Terminate"/> stops the tree bottom-up (children before parents, PostStop
/// everywhere); <see cref="TerminationFailure"/> says whether it ended because a failure escalated past
/// the user guardian, which a host reports as a nonzero exit code.
/// </summary>
public sealed class ActorSystem
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MessageDispatcher _dispatcher;
    private readonly bool _ownsScheduler;
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private int _nextUid;
    private long _actorCount;
    private Exception? _terminationFailure;
    private int _terminateRequested;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Log = (settings.Logger ?? Serilog.Log.Logger).ForContext("ActorSystem", name);
        if (settings.Dispatcher == DispatcherMode.Deterministic)
        {
            var virtualTime = settings.Scheduler switch
            {
                null => new VirtualTimeScheduler(),
                VirtualTimeScheduler v => v,
                _ => throw new ArgumentException(
                    $"Actor system '{name}': DispatcherMode.Deterministic needs a VirtualTimeScheduler, but Scheduler is {settings.Scheduler.GetType().Name}.",
                    nameof(settings)),
            };
            Scheduler = virtualTime;
            _dispatcher = new DeterministicDispatcher(virtualTime);
        }
        else
        {
            _ownsScheduler = settings.Scheduler is null;
            Scheduler = settings.Scheduler ?? new RealTimeScheduler();
            _dispatcher = new ThreadPoolDispatcher();
        }

        DeadLetterRef = new DeadLetterActorRef(this, ActorPath.Root / "deadLetters");
        TempPath = ActorPath.Root / "temp";
        var bubble = new TheOneWhoWalksTheBubblesOfSpaceTime(this);
        var guardianStrategy = settings.UserGuardianStrategy ?? SupervisorStrategy.DefaultStrategy;
        _root = CreateCell(ActorPath.Root, Props.Create(() => new RootGuardianActor(this)), bubble);
        _userGuardian = ((LocalActorRef)_root.ActorOf(Props.Create(() => new UserGuardianActor(guardianStrategy)), "user")).Cell;
        _actorCount = 0;
    }

    /// <summary>The system's name (used in logs).</summary>
    public string Name { get; }

    /// <summary>The settings the system was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The only time source actors should use.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>The system logger (events carry <c>ActorSystem</c>; actor loggers add <c>ActorPath</c>).</summary>
    public ILogger Log { get; }

    /// <summary>Where undeliverable messages go.</summary>
    public IActorRef DeadLetters => DeadLetterRef;

    /// <summary>Messages that could not be delivered since the system started.</summary>
    public long DeadLetterCount => DeadLetterRef.Count;

    /// <summary>Live user actors (excluding guardians).</summary>
    public long ActorCount => Interlocked.Read(ref _actorCount);

    /// <summary>User messages queued in all mailboxes right now (approximate; walks the tree).</summary>
    public long MailboxDepth
    {
        get
        {
            long depth = 0;
            var pending = new Stack<ActorCell>();
            pending.Push(_root);
            while (pending.TryPop(out var cell))
            {
                depth += cell.Mailbox.Count;
                foreach (var child in cell.ChildStats(includeDying: true))
                {
                    pending.Push(child.ChildRef.Cell);
                }
            }

            return depth;
        }
    }

    /// <summary>Completes when every actor, guardians included, has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>The failure that escalated past the user guardian and ended the system, or null.</summary>
    public Exception? TerminationFailure => Volatile.Read(ref _terminationFailure);

    internal DeadLetterActorRef DeadLetterRef { get; }

    internal ActorPath TempPath { get; }

    internal IActorRef UserGuardian => _userGuardian.SelfRef;

    internal bool IsDeterministic => _dispatcher is DeterministicDispatcher;

    /// <summary>Creates and starts an actor system named <paramref name="name"/> (letters, digits, '-' and '_').</summary>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterOrDigit(name[0]) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"Invalid actor system name '{name}': use ASCII letters, digits, '-' and '_', starting with a letter or digit.", nameof(name));
        }

        var system = new ActorSystem(name, settings ?? ActorSystemSettings.Default);
        system._root.Start();
        return system;
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Stops <paramref name="actor"/> asynchronously (after its current message; queued messages become dead letters).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is InternalActorRef target)
        {
            target.SendSystemMessage(new Terminate());
        }
    }

    /// <summary>
    /// Stops all actors and completes <see cref="WhenTerminated"/>. Under the deterministic dispatcher the
    /// shutdown is run to completion inline (unless called from inside an actor).
    /// </summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            _userGuardian.SendSystemMessage(new Terminate());
        }

        if (_dispatcher is DeterministicDispatcher deterministic && !deterministic.Scheduler.IsRunningOnCurrentThread)
        {
            deterministic.Scheduler.RunUntilIdle();
        }

        return WhenTerminated;
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";

    internal ActorCell CreateCell(ActorPath path, Props props, InternalActorRef parent)
    {
        var dispatcher = props.Dispatcher == Dispatchers.PinnedDispatcherId && _dispatcher is ThreadPoolDispatcher
            ? new PinnedDispatcher(path.ToString())
            : _dispatcher;
        var cell = new ActorCell(this, path, Interlocked.Increment(ref _nextUid), props, parent, dispatcher);
        Interlocked.Increment(ref _actorCount);
        return cell;
    }

    internal void OnActorTerminated(ActorCell cell)
    {
        if (!ReferenceEquals(cell, _root) && !ReferenceEquals(cell, _userGuardian))
        {
            Interlocked.Decrement(ref _actorCount);
        }
    }

    internal void RecordTerminationFailure(Exception cause)
    {
        Interlocked.CompareExchange(ref _terminationFailure, cause, null);
        Interlocked.Exchange(ref _terminateRequested, 1);
    }

    internal void OnRootTerminated()
    {
        if (_ownsScheduler && Scheduler is IDisposable disposable)
        {
            disposable.Dispose();
        }

        Log.ForContext("ActorPath", "/").Debug("Actor system {ActorSystem} terminated", Name);
        _terminated.TrySetResult();
    }
}
