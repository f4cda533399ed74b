namespace ActorWarden.Actors;

/// <summary>Creating, finding and stopping children.</summary>
internal sealed partial class ActorCell
{
    private ChildrenContainer? _children;

    public IEnumerable<IActorRef> Children
    {
        get
        {
            var container = Volatile.Read(ref _children);
            if (container is null)
            {
                return [];
            }

            lock (container.Gate)
            {
                return container.Snapshot(includeDying: true).Select(static s => s.Child).ToArray();
            }
        }
    }

    private bool HasDyingChildren
    {
        get
        {
            var container = Volatile.Read(ref _children);
            if (container is null)
            {
                return false;
            }

            lock (container.Gate)
            {
                return container.DyingCount > 0;
            }
        }
    }

    public IActorRef Child(string name)
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return ActorRefs.Nobody;
        }

        lock (container.Gate)
        {
            return container.TryGet(name, out var stats) ? stats.Child : ActorRefs.Nobody;
        }
    }

    /// <summary>All children (optionally including dying ones), oldest first; used by metrics walks.</summary>
    internal ChildRestartStats[] ChildStats(bool includeDying)
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return [];
        }

        lock (container.Gate)
        {
            return container.Snapshot(includeDying);
        }
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ValidateName(name);
        }

        var container = EnsureChildren();
        LocalActorRef child;
        lock (container.Gate)
        {
            name ??= container.NextAutoName();
            if (_isTerminating || IsTerminated)
            {
                throw new InvalidOperationException($"Cannot create child '{name}' under {_self.Path}: the parent is stopping or stopped.");
            }

            if (container.TryGet(name, out var existing))
            {
                throw new InvalidActorNameException(
                    $"Actor name '{name}' is not unique: {existing.Child.Path} already exists{(existing.IsDying ? " (still stopping)" : string.Empty)}.");
            }

            var cell = _system.CreateCell(_self.Path / name, props, _self);
            child = cell.SelfRef;
            container.Add(new ChildRestartStats(child, container.NextOrder()));
        }

        child.Cell.Start();
        return child;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var container = Volatile.Read(ref _children);
        if (container is not null)
        {
            lock (container.Gate)
            {
                if (container.TryGet(actor.Path.Name, out var stats) && stats.Child.Equals(actor))
                {
                    container.MarkDying(stats);
                }
            }
        }

        if (actor is InternalActorRef target)
        {
            target.SendSystemMessage(new Terminate());
        }
    }

    private ChildRestartStats? FindChild(IActorRef child)
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return null;
        }

        lock (container.Gate)
        {
            return container.TryGet(child.Path.Name, out var stats) && stats.Child.Equals(child) ? stats : null;
        }
    }

    private ChildRestartStats[] LiveChildren() => ChildStats(includeDying: false);

    private void SuspendChildren(IActorRef? except)
    {
        foreach (var stats in ChildStats(includeDying: false))
        {
            if (!stats.Child.Equals(except))
            {
                stats.ChildRef.SendSystemMessage(new Suspend());
            }
        }
    }

    private void ResumeChildren(Exception? causedByFailure, IActorRef? perpetrator)
    {
        foreach (var stats in ChildStats(includeDying: false))
        {
            stats.ChildRef.SendSystemMessage(new Resume(stats.Child.Equals(perpetrator) ? causedByFailure : null));
        }
    }

    /// <summary>
    /// Frees the name of a child that is finishing its termination. Called on the child's thread before it
    /// notifies its watchers, so whoever receives its Terminated can immediately reuse the name.
    /// </summary>
    internal void ReleaseChild(IActorRef child)
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return;
        }

        lock (container.Gate)
        {
            container.Remove(child, out _);
        }
    }

    /// <summary>A child's termination reached the parent: finish a restart or stop that was waiting for it.</summary>
    private void HandleChildTerminated(IActorRef child)
    {
        ReleaseChild(child);
        OnChildTerminated();
    }

    private ChildrenContainer EnsureChildren()
    {
        var container = Volatile.Read(ref _children);
        if (container is not null)
        {
            return container;
        }

        Interlocked.CompareExchange(ref _children, new ChildrenContainer(), null);
        return _children!;
    }

    private void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidActorNameException($"Actor names must not be empty (creating a child of {_self.Path}).");
        }

        if (name.StartsWith('$'))
        {
            throw new InvalidActorNameException($"Actor name '{name}' under {_self.Path} is invalid: names starting with '$' are reserved for generated names.");
        }

        foreach (var c in name)
        {
            if (c is '/' or '#' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException($"Actor name '{name}' under {_self.Path} is invalid: it contains '{(char.IsControl(c) || char.IsWhiteSpace(c) ? "whitespace or a control character" : c.ToString())}'.");
            }
        }
    }
}
