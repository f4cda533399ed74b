namespace ActorWarden.Actors;

/// <summary>
/// A short-lived reference that completes a task when something is sent to it (Ask replies, GracefulStop's
/// death notification). It is not an actor: no mailbox, no thread, just a completion.
/// </summary>
internal abstract class PromiseActorRef : InternalActorRef
{
    private static int _nextId;
    private readonly int _uid = Interlocked.Increment(ref _nextId);

    protected PromiseActorRef(ActorSystem system)
    {
        Path = system.TempPath / ("$" + _uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override ActorPath Path { get; }

    public override int Uid => _uid;

    /// <summary>Completion options: synchronous continuations under the deterministic dispatcher keep runs reproducible.</summary>
    protected static TaskCreationOptions OptionsFor(ActorSystem system) =>
        system.IsDeterministic ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously;
}

/// <summary>The reply slot of one Ask.</summary>
internal sealed class AskPromise<T> : PromiseActorRef
{
    private readonly TaskCompletionSource<T> _completion;
    private readonly IActorRef _target;

    public AskPromise(ActorSystem system, IActorRef target)
        : base(system)
    {
        _target = target;
        _completion = new TaskCompletionSource<T>(OptionsFor(system));
    }

    public Task<T> Task => _completion.Task;

    public override bool IsTerminated => _completion.Task.IsCompleted;

    public override void Tell(object message, IActorRef? sender = null)
    {
        switch (message)
        {
            case Status.Failure failure:
                _completion.TrySetException(failure.Cause);
                break;
            case T reply:
                _completion.TrySetResult(reply);
                break;
            default:
                _completion.TrySetException(new InvalidCastException(
                    $"Ask to {_target.Path} expected a reply of type {typeof(T).Name} but got {message.GetType().Name}."));
                break;
        }
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken token) => _completion.TrySetCanceled(token);

    public override void SendSystemMessage(SystemMessage message)
    {
    }
}

/// <summary>Watches the target of a GracefulStop and completes when it terminated.</summary>
internal sealed class StopPromise : PromiseActorRef
{
    private readonly TaskCompletionSource<bool> _completion;

    public StopPromise(ActorSystem system)
        : base(system)
    {
        _completion = new TaskCompletionSource<bool>(OptionsFor(system));
    }

    public Task<bool> Task => _completion.Task;

    public override bool IsTerminated => _completion.Task.IsCompleted;

    public void TimedOut() => _completion.TrySetResult(false);

    public override void Tell(object message, IActorRef? sender = null)
    {
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification)
        {
            _completion.TrySetResult(true);
        }
    }
}
