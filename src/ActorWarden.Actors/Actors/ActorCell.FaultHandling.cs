namespace ActorWarden.Actors;

/// <summary>Creation, failure, suspension, restart and termination, following Akka's FaultHandling.</summary>
internal sealed partial class ActorCell
{
    private int _suspendCount;
    private bool _isFailed;
    private bool _isTerminating;
    private bool _isTerminated;
    private PendingReason _pending;

    /// <summary>Why the cell is waiting for children to finish stopping.</summary>
    private enum PendingReason
    {
        None,
        Creation,
        Recreation,
        Termination,
    }

    public bool IsTerminating => _isTerminating;

    public bool IsTerminated => Volatile.Read(ref _isTerminated);

    /// <summary>Kernel messages that must wait while this actor is failed or waiting for children (as Akka does).</summary>
    private bool ShouldStash(SystemMessage message)
    {
        if (_isTerminating)
        {
            return false;
        }

        if (_pending is PendingReason.Creation or PendingReason.Recreation)
        {
            return message is Recreate or Resume or Suspend or Failed;
        }

        return _isFailed && message is Failed;
    }

    private void UnstashSystemMessages()
    {
        if (_extras?.SystemStash is not { Count: > 0 } stash)
        {
            return;
        }

        _extras.SystemStash = null;
        foreach (var message in stash)
        {
            SystemInvoke(message);
        }
    }

    private void UpdateSuspension() =>
        _mailbox.SetSuspended(_suspendCount > 0 || _isTerminating || _extras?.AsyncTask is not null);

    private void SuspendNonRecursive()
    {
        _suspendCount++;
        UpdateSuspension();
    }

    private void ResumeNonRecursive()
    {
        if (_suspendCount > 0)
        {
            _suspendCount--;
        }

        UpdateSuspension();
    }

    private void CreateActor()
    {
        try
        {
            var actor = NewActor();
            actor.InvokePreStart();
            if (_extras?.ReceiveTimeout is not null)
            {
                RescheduleReceiveTimeout();
            }
        }
        catch (Exception exception)
        {
            _actor = null;
            var failure = exception as ActorInitializationException
                ?? new ActorInitializationException(_self, $"exception during creation ({exception.GetType().Name}: {exception.Message})", exception);
            HandleInvokeFailure(failure, null);
        }
    }

    /// <summary>This actor failed: suspend it and its children, and ask the parent what to do.</summary>
    internal void HandleInvokeFailure(Exception cause, IActorRef? failedChild)
    {
        if (_isTerminating)
        {
            Logger.Error(cause, "Failure while stopping is ignored");
            return;
        }

        if (_isFailed)
        {
            return;
        }

        if (_extras?.AsyncTask is not null)
        {
            _extras.AsyncTask = null;
            _extras.AsyncMessage = null;
            _extras.AsyncSender = null;
        }

        SuspendNonRecursive();
        SuspendChildren(except: failedChild);
        _isFailed = true;
        Extras.FailedMessage = failedChild is null ? _currentMessage : null;
        Extras.FailedPerpetrator = failedChild ?? _self;
        _parent.SendSystemMessage(new Failed(_self, cause, _self.Uid));
    }

    private void ClearFailed()
    {
        _isFailed = false;
        if (_extras is not null)
        {
            _extras.FailedMessage = null;
            _extras.FailedPerpetrator = null;
        }
    }

    private void FaultSuspend()
    {
        SuspendNonRecursive();
        SuspendChildren(except: null);
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_isTerminating)
        {
            return;
        }

        if (_actor is null)
        {
            FaultCreate();
            return;
        }

        var perpetrator = _extras?.FailedPerpetrator;
        ResumeNonRecursive();
        if (causedByFailure is not null)
        {
            ClearFailed();
        }

        ResumeChildren(causedByFailure, perpetrator);
        UnstashSystemMessages();
    }

    private void FaultRecreate(Exception cause)
    {
        if (_isTerminating)
        {
            return;
        }

        if (_actor is null)
        {
            FaultCreate();
            return;
        }

        var failedActor = _actor;
        var failedMessage = _extras?.FailedMessage;
        if (_extras?.Stash is { Count: > 0 } stash)
        {
            stash.UnstashAll();
        }

        AbandonAsyncHandler();
        try
        {
            failedActor.InvokePreRestart(cause, failedMessage);
        }
        catch (Exception exception)
        {
            Logger.Error(exception, "PreRestart failed; the restart continues");
        }
        finally
        {
            // The failed instance is finished (PreRestart ran its PostStop); never call it again.
            _actor = null;
            CancelReceiveTimeout();
            _behaviorStack = null;
            _currentMessage = null;
            _currentSender = null;
        }

        if (HasDyingChildren)
        {
            _pending = PendingReason.Recreation;
            Extras.PendingCause = cause;
        }
        else
        {
            FinishRecreate(cause);
        }
    }

    private void FinishRecreate(Exception cause)
    {
        _pending = PendingReason.None;
        var survivors = LiveChildren();
        ResumeNonRecursive();
        ClearFailed();
        try
        {
            var fresh = NewActor();
            fresh.InvokePostRestart(cause);
            if (_extras?.ReceiveTimeout is not null)
            {
                RescheduleReceiveTimeout();
            }

            foreach (var survivor in survivors)
            {
                survivor.ChildRef.SendSystemMessage(new Recreate(cause));
            }
        }
        catch (Exception exception)
        {
            _actor = null;
            var failure = exception is ActorInitializationException { InnerException: not null } init && ReferenceEquals(init.Actor, _self)
                ? new PostRestartException(_self, init.InnerException!, cause)
                : new PostRestartException(_self, exception, cause);
            HandleInvokeFailure(failure, null);
        }

        UnstashSystemMessages();
    }

    /// <summary>The actor failed during creation and its supervisor said Restart or Resume: create it again.</summary>
    private void FaultCreate()
    {
        CancelReceiveTimeout();
        foreach (var child in LiveChildren())
        {
            Stop(child.Child);
        }

        if (HasDyingChildren)
        {
            _pending = PendingReason.Creation;
        }
        else
        {
            FinishCreate();
        }
    }

    private void FinishCreate()
    {
        _pending = PendingReason.None;
        ResumeNonRecursive();
        ClearFailed();
        CreateActor();
        UnstashSystemMessages();
    }

    private void TerminateActor()
    {
        if (_isTerminating)
        {
            return;
        }

        _isTerminating = true;
        UpdateSuspension();
        CancelReceiveTimeout();
        UnwatchWatchedActors();
        foreach (var child in LiveChildren())
        {
            Stop(child.Child);
        }

        if (HasDyingChildren)
        {
            _pending = PendingReason.Termination;
        }
        else
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        _pending = PendingReason.None;
        var actor = _actor;
        try
        {
            AbandonAsyncHandler();
            if (actor is not null)
            {
                actor.InvokePostStop();
            }
        }
        catch (Exception exception)
        {
            Logger.Error(exception, "PostStop failed; the actor is stopped anyway");
        }
        finally
        {
            _extras?.Stash?.DrainToDeadLetters();
            _mailbox.Close();
            Volatile.Write(ref _isTerminated, true);
            (_parent as LocalActorRef)?.Cell.ReleaseChild(_self);
            _parent.SendSystemMessage(new DeathWatchNotification(_self, ExistenceConfirmed: true, AddressTerminated: false));
            TellWatchersWeDied();
            _actor = null;
            _behaviorStack = null;
            _currentMessage = null;
            _currentSender = null;
            _extras = null;
            _system.OnActorTerminated(this);
        }
    }

    private void HandleFailed(Failed failed)
    {
        var stats = FindChild(failed.Child);
        if (stats is null || stats.Uid != failed.Uid || stats.IsDying || _isTerminating)
        {
            Logger.Debug("Dropping failure of {Child} (stopped, stopping or replaced): {Reason}", failed.Child.Path.ToString(), failed.Cause.Message);
            return;
        }

        var strategy = _actor?.SupervisorStrategyInternal ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.HandleFailure(this, failed.Child, failed.Cause, stats, LiveChildren());
        if (directive == Directive.Escalate)
        {
            HandleInvokeFailure(failed.Cause, failed.Child);
        }
    }

    /// <summary>Supervisor action: resume a child that failed.</summary>
    internal void ResumeChild(IActorRef child, Exception cause) =>
        ((InternalActorRef)child).SendSystemMessage(new Resume(cause));

    /// <summary>Supervisor action: restart a child (siblings that did not fail are suspended first).</summary>
    internal void RestartChild(IActorRef child, Exception cause, bool suspendFirst)
    {
        var target = (InternalActorRef)child;
        if (suspendFirst)
        {
            target.SendSystemMessage(new Suspend());
        }

        target.SendSystemMessage(new Recreate(cause));
    }

    private void OnChildTerminated()
    {
        if (_pending == PendingReason.None || HasDyingChildren)
        {
            return;
        }

        switch (_pending)
        {
            case PendingReason.Recreation:
                FinishRecreate(_extras?.PendingCause ?? new InvalidOperationException("restart"));
                break;
            case PendingReason.Creation:
                FinishCreate();
                break;
            case PendingReason.Termination:
                FinishTerminate();
                break;
        }
    }
}
