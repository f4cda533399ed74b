using Serilog;

namespace ActorWarden.Actors;

/// <summary>
/// The kernel-side half of an actor: mailbox, current message, behaviour stack, children, supervision
/// state and death watch. Everything here runs on the actor's own thread (one message at a time) except
/// the thread-safe entry points <see cref="Post"/> and <see cref="SendSystemMessage"/>.
/// Split by concern: Children, FaultHandling, DeathWatch, ReceiveAsync.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? _constructing;

    [ThreadStatic]
    private static ActorCell? _current;

    private readonly ActorSystem _system;
    private readonly Props _props;
    private readonly InternalActorRef _parent;
    private readonly LocalActorRef _self;
    private readonly Mailbox _mailbox;
    private ActorBase? _actor;
    private object? _currentMessage;
    private IActorRef? _currentSender;
    private List<Receive>? _behaviorStack;
    private ILogger? _logger;
    private CellExtras? _extras;

    public ActorCell(ActorSystem system, ActorPath path, int uid, Props props, InternalActorRef parent, MessageDispatcher dispatcher)
    {
        _system = system;
        _props = props;
        _parent = parent;
        _mailbox = new Mailbox(dispatcher);
        _self = new LocalActorRef(this, path, uid);
        _mailbox.Attach(this);
    }

    /// <summary>The cell whose actor instance is being constructed on this thread.</summary>
    internal static ActorCell? Constructing
    {
        get => _constructing;
        set => _constructing = value;
    }

    /// <summary>The cell whose mailbox runs on this thread; its actor is the implicit sender of Tell, as in Akka.</summary>
    internal static ActorCell? Current
    {
        get => _current;
        set => _current = value;
    }

    public IActorRef Self => _self;

    public LocalActorRef SelfRef => _self;

    public IActorRef Sender => _currentSender ?? _system.DeadLetters;

    public IActorRef Parent => _parent;

    public InternalActorRef ParentRef => _parent;

    public ActorSystem System => _system;

    public Props Props => _props;

    public Mailbox Mailbox => _mailbox;

    public object? CurrentMessage => _currentMessage;

    public IActorRef? CurrentSender => _currentSender;

    public ILogger Logger => _logger ??= _system.Log.ForContext("ActorPath", _self.Path.ToString());

    /// <summary>Rarely used state, allocated on first use to keep idle actors small.</summary>
    private CellExtras Extras => _extras ??= new CellExtras();

    public void Start() => SendSystemMessage(new Create());

    public void Post(object message, IActorRef? sender) => _mailbox.Post(message, sender);

    public void SendSystemMessage(SystemMessage message) => _mailbox.PostSystem(message);

    public void SendToDeadLetters(object message, IActorRef? sender) =>
        _system.DeadLetterRef.Publish(new DeadLetter(message, sender ?? _system.DeadLetters, _self));

    /// <summary>Processes one user message.</summary>
    public void Invoke(object message, IActorRef? sender)
    {
        _currentMessage = message;
        _currentSender = sender;
        try
        {
            if (message is IAutoReceivedMessage)
            {
                AutoReceive(message);
            }
            else
            {
                ReceiveMessage(message);
            }

            if (_extras?.ReceiveTimeout is not null && message is not Actors.ReceiveTimeout)
            {
                RescheduleReceiveTimeout();
            }
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(exception, null);
        }
        finally
        {
            if (_extras?.AsyncTask is null)
            {
                _currentMessage = null;
                _currentSender = null;
            }
        }
    }

    /// <summary>Processes one kernel message.</summary>
    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            if (ShouldStash(message))
            {
                (Extras.SystemStash ??= new List<SystemMessage>()).Add(message);
                return;
            }

            switch (message)
            {
                case Create:
                    CreateActor();
                    break;
                case Recreate recreate:
                    FaultRecreate(recreate.Cause);
                    break;
                case Suspend:
                    FaultSuspend();
                    break;
                case Resume resume:
                    FaultResume(resume.CausedByFailure);
                    break;
                case Terminate:
                    TerminateActor();
                    break;
                case Failed failed:
                    HandleFailed(failed);
                    break;
                case WatchRequest watch:
                    AddWatcher(watch.Watchee, watch.Watcher);
                    break;
                case UnwatchRequest unwatch:
                    RemoveWatcher(unwatch.Watchee, unwatch.Watcher);
                    break;
                case DeathWatchNotification notification:
                    WatchedActorTerminated(notification.Actor, notification.ExistenceConfirmed, notification.AddressTerminated);
                    break;
                case AsyncContinuation continuation:
                    RunAsyncContinuation(continuation);
                    break;
                case AsyncHandlerCompleted completed:
                    AsyncHandlerFinished(completed.Task);
                    break;
            }
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(exception, null);
        }
    }

    /// <summary>A kernel message arrived after the actor stopped.</summary>
    public void HandleSystemMessageWhenDead(SystemMessage message)
    {
        if (message is WatchRequest watch && !watch.Watcher.Equals(_self))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, ExistenceConfirmed: false, AddressTerminated: false));
        }
    }

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        var stack = _behaviorStack ??= new List<Receive>(2);
        if (stack.Count > 0)
        {
            stack[^1] = receive;
        }
        else
        {
            stack.Add(receive);
        }
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        (_behaviorStack ??= new List<Receive>(2)).Add(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviorStack is { Count: > 0 } stack)
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }

    public TimeSpan? ReceiveTimeout => _extras?.ReceiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A receive timeout must be positive (or null to disable it).");
        }

        Extras.ReceiveTimeout = timeout;
        RescheduleReceiveTimeout();
    }

    /// <summary>Called from <see cref="ActorBase"/>'s constructor, before the subclass constructor body runs.</summary>
    public void OnActorConstructing(ActorBase actor)
    {
        _actor = actor;
        if (actor is IWithUnboundedStash withStash)
        {
            var stash = new UnboundedStash(this);
            Extras.Stash = stash;
            withStash.Stash = stash;
        }
    }

    public override string ToString() => $"ActorCell({_self.Path})";

    private void ReceiveMessage(object message)
    {
        var actor = _actor!;
        var handled = _behaviorStack is { Count: > 0 } stack ? stack[^1](message) : actor.InvokeReceive(message);
        if (!handled)
        {
            actor.InvokeUnhandled(message);
        }
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                if (_extras?.TerminatedQueued?.Remove(terminated.ActorRef) == true)
                {
                    ReceiveMessage(terminated);
                }

                break;
            case PoisonPill:
                SendSystemMessage(new Terminate());
                break;
            case Kill:
                throw new ActorKilledException($"{_self.Path}: Kill");
            default:
                ReceiveMessage(message);
                break;
        }
    }

    private void RescheduleReceiveTimeout()
    {
        var extras = Extras;
        extras.ReceiveTimeoutTimer?.Cancel();
        extras.ReceiveTimeoutTimer = extras.ReceiveTimeout is { } timeout && !IsTerminating
            ? _system.Scheduler.ScheduleTellOnce(timeout, _self, Actors.ReceiveTimeout.Instance, null)
            : null;
    }

    private void CancelReceiveTimeout()
    {
        if (_extras?.ReceiveTimeoutTimer is { } timer)
        {
            timer.Cancel();
            _extras.ReceiveTimeoutTimer = null;
        }
    }

    /// <summary>Builds a fresh actor instance from Props; constructor failures become initialization failures.</summary>
    private ActorBase NewActor()
    {
        _behaviorStack = null;
        if (_extras is not null)
        {
            _extras.Stash = null;
        }

        _actor = null;
        var previous = _constructing;
        _constructing = this;
        ActorBase actor;
        try
        {
            actor = _props.NewActor();
        }
        catch (Exception exception)
        {
            _actor = null;
            if (exception is ActorInitializationException)
            {
                throw;
            }

            throw new ActorInitializationException(_self, $"exception while constructing {_props.Type.Name}", exception);
        }
        finally
        {
            _constructing = previous;
        }

        if (!ReferenceEquals(actor.Cell, this) || !ReferenceEquals(_actor, actor))
        {
            throw new ActorInitializationException(_self, $"the Props factory for {_props.Type.Name} must create a new actor instance on every call (it returned an instance that belongs elsewhere)");
        }

        return actor;
    }

    /// <summary>State most actors never need; kept out of the cell so idle actors stay small.</summary>
    private sealed class CellExtras
    {
        public TimeSpan? ReceiveTimeout;
        public ICancelable? ReceiveTimeoutTimer;
        public UnboundedStash? Stash;
        public List<SystemMessage>? SystemStash;
        public HashSet<IActorRef>? Watching;
        public HashSet<InternalActorRef>? WatchedBy;
        public HashSet<IActorRef>? TerminatedQueued;
        public ActorSynchronizationContext? SynchronizationContext;
        public Task? AsyncTask;
        public object? AsyncMessage;
        public IActorRef? AsyncSender;
        public object? FailedMessage;
        public IActorRef? FailedPerpetrator;
        public Exception? PendingCause;
    }
}
