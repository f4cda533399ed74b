namespace ActorWarden.Actors;

/// <summary>
/// Async handlers without interleaving: while a handler's task is pending the mailbox accepts no user
/// messages, and every continuation is posted back to this actor as a kernel message, so it runs on the
/// actor (deterministically, under the deterministic dispatcher) with the original message as context.
/// </summary>
internal sealed partial class ActorCell
{
    public void RunAsyncHandler(Func<Task> handler)
    {
        var extras = Extras;
        var context = extras.SynchronizationContext ??= new ActorSynchronizationContext(this);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        extras.AsyncTask = task;
        extras.AsyncMessage = _currentMessage;
        extras.AsyncSender = _currentSender;
        UpdateSuspension();
        task.ContinueWith(
            static (t, state) => ((ActorCell)state!).SendSystemMessage(new AsyncHandlerCompleted(t)),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void RunAsyncContinuation(AsyncContinuation continuation)
    {
        var extras = Extras;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(extras.SynchronizationContext);
        _currentMessage = extras.AsyncMessage;
        _currentSender = extras.AsyncSender;
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void AsyncHandlerFinished(Task task)
    {
        var extras = _extras;
        if (extras is null || !ReferenceEquals(extras.AsyncTask, task))
        {
            return;
        }

        _currentMessage = extras.AsyncMessage;
        _currentSender = extras.AsyncSender;
        extras.AsyncTask = null;
        extras.AsyncMessage = null;
        extras.AsyncSender = null;
        UpdateSuspension();
        if (task.IsFaulted)
        {
            var exception = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
            HandleInvokeFailure(exception, null);
        }
        else if (task.IsCanceled)
        {
            HandleInvokeFailure(new TaskCanceledException(task), null);
        }

        _currentMessage = null;
        _currentSender = null;
    }

    private void AbandonAsyncHandler()
    {
        if (_extras?.AsyncTask is null)
        {
            return;
        }

        _extras.AsyncTask = null;
        _extras.AsyncMessage = null;
        _extras.AsyncSender = null;
        UpdateSuspension();
    }

    /// <summary>Routes awaits inside an actor's async handler back onto the actor.</summary>
    private sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) =>
            cell.SendSystemMessage(new AsyncContinuation(d, state));

        public override SynchronizationContext CreateCopy() => this;
    }
}
