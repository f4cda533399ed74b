namespace ActorWarden.Actors;

/// <summary>A behaviour: returns true when it handled the message.</summary>
public delegate bool Receive(object message);

/// <summary>
/// What an actor may see and do about itself while it processes a message: its identity, the sender, its
/// children, death watch and behaviour changes. Only valid on the actor's own thread, during processing.
/// </summary>
public interface IActorContext
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>Sender of the current message (dead letters when there was none).</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>Current children, in creation order (including ones still stopping).</summary>
    IEnumerable<IActorRef> Children { get; }

    /// <summary>The actor system.</summary>
    ActorSystem System { get; }

    /// <summary>The props this actor was created from.</summary>
    Props Props { get; }

    /// <summary>The current receive timeout, if set.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>The child named <paramref name="name"/>, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>Creates and starts a child; names are unique among live siblings.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops <paramref name="actor"/> asynchronously, after its current message.</summary>
    void Stop(IActorRef actor);

    /// <summary>Requests exactly one <see cref="Terminated"/> when <paramref name="subject"/> stops.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Cancels a watch; a Terminated not yet processed is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Pops the behaviour pushed last (the initial behaviour is never popped).</summary>
    void UnbecomeStacked();

    /// <summary>Sends <see cref="Actors.ReceiveTimeout"/> after this much inactivity; null disables it.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
