namespace ActorWarden.Actors;

/// <summary>Death watch: who this actor watches, who watches it, and exactly-once Terminated delivery.</summary>
internal sealed partial class ActorCell
{
    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Equals(_self) || subject is not InternalActorRef target)
        {
            return subject;
        }

        var watching = Extras.Watching ??= new HashSet<IActorRef>();
        if (watching.Add(subject))
        {
            target.SendSystemMessage(new WatchRequest(target, _self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_extras?.Watching?.Remove(subject) == true && subject is InternalActorRef target)
        {
            target.SendSystemMessage(new UnwatchRequest(target, _self));
        }

        _extras?.TerminatedQueued?.Remove(subject);
        return subject;
    }

    private void AddWatcher(InternalActorRef watchee, InternalActorRef watcher)
    {
        if (!watchee.Equals(_self) || watcher.Equals(_self))
        {
            return;
        }

        (Extras.WatchedBy ??= new HashSet<InternalActorRef>()).Add(watcher);
    }

    private void RemoveWatcher(InternalActorRef watchee, InternalActorRef watcher)
    {
        if (watchee.Equals(_self))
        {
            _extras?.WatchedBy?.Remove(watcher);
        }
    }

    private void WatchedActorTerminated(IActorRef actor, bool existenceConfirmed, bool addressTerminated)
    {
        if (_extras?.Watching?.Remove(actor) == true && !_isTerminating)
        {
            (Extras.TerminatedQueued ??= new HashSet<IActorRef>()).Add(actor);
            _self.Tell(new Terminated(actor, existenceConfirmed, addressTerminated), actor);
        }

        HandleChildTerminated(actor);
    }

    private void UnwatchWatchedActors()
    {
        if (_extras?.Watching is not { Count: > 0 } watching)
        {
            return;
        }

        foreach (var subject in watching)
        {
            if (subject is InternalActorRef target)
            {
                target.SendSystemMessage(new UnwatchRequest(target, _self));
            }
        }

        watching.Clear();
    }

    private void TellWatchersWeDied()
    {
        if (_extras?.WatchedBy is not { Count: > 0 } watchers)
        {
            return;
        }

        foreach (var watcher in watchers)
        {
            if (!watcher.Equals(_parent))
            {
                watcher.SendSystemMessage(new DeathWatchNotification(_self, ExistenceConfirmed: true, AddressTerminated: false));
            }
        }

        watchers.Clear();
    }
}
