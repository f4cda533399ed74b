namespace ActorWarden.Actors;

/// <summary>
/// Base of every actor. An actor owns its state and touches it only while processing one message at a
/// time; the kernel creates instances from <see cref="Props"/> (never with <c>new</c> elsewhere) and throws
/// them away on restart, so state is always rebuilt from scratch after a failure.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private SupervisorStrategy? _strategy;

    /// <summary>Binds the instance to the cell that is creating it.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new ActorInitializationException(
                $"Actor {GetType().FullName} was created with 'new' outside the kernel; create actors with ActorOf(Props.Create(...)).");
        ActorCell.Constructing = null;
        _cell.OnActorConstructing(this);
    }

    /// <summary>This actor's context (valid on the actor's thread).</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>Sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    internal ActorCell Cell => _cell;

    internal SupervisorStrategy SupervisorStrategyInternal =>
        _strategy ??= _cell.Props.SupervisorStrategy ?? SupervisorStrategy();

    /// <summary>Handles one message; returns false when it did not (then <see cref="Unhandled"/> runs).</summary>
    protected abstract bool Receive(object message);

    /// <summary>Runs before the first message of each incarnation (also after a restart, via <see cref="PostRestart"/>).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs after the actor stopped (and, by default, before a restart); release resources here.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Runs on the failed instance before it is replaced. Default: stop all children, then <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart. Default: <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy this actor applies to failing children (default: restart on any exception).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    /// <summary>
    /// Called for messages no behaviour handled. An unhandled <see cref="Terminated"/> means an unhandled death
    /// pact and fails the actor with <see cref="DeathPactException"/>; anything else is logged at debug level.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.Logger.Debug("Unhandled message {MessageType} from {Sender}", message.GetType().Name, _cell.Sender.Path.ToString());
    }

    internal bool InvokeReceive(object message) => Receive(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
}
