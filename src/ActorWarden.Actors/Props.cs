namespace ActorWarden.Actors;

/// <summary>
/// The recipe for an actor: how to build a fresh instance. Restarts rebuild the actor from its Props, which
/// is how a restart gets clean state; a factory must therefore return a new instance on every call.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type type, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy, string dispatcher = Dispatchers.DefaultDispatcherId)
    {
        Type = type;
        _factory = factory;
        SupervisorStrategy = supervisorStrategy;
        Dispatcher = dispatcher;
    }

    /// <summary>The actor type built by these props.</summary>
    public Type Type { get; }

    /// <summary>The strategy the actor uses for its children; overrides <see cref="ActorBase"/>'s own when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>The dispatcher that runs the actor's mailbox (<see cref="Dispatchers"/>).</summary>
    public string Dispatcher { get; }

    /// <summary>Props for an actor with a public parameterless constructor.</summary>
    public static Props Create<T>()
        where T : ActorBase, new() => new(typeof(T), static () => new T(), null);

    /// <summary>Props built by <paramref name="factory"/> (called once per start and restart).</summary>
    public static Props Create<T>(Func<T> factory)
        where T : ActorBase
    {
        if (factory is null)
        {
            throw new ArgumentException($"Props for actor type {typeof(T).FullName} need a factory, but the factory was null.", nameof(factory));
        }

        return new Props(typeof(T), factory, null);
    }

    /// <summary>Props for <paramref name="actorType"/>, which must derive from <see cref="ActorBase"/> and have a public parameterless constructor.</summary>
    public static Props Create(Type actorType)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(ActorBase).IsAssignableFrom(actorType) || actorType.IsAbstract)
        {
            throw new ArgumentException($"Actor type {actorType.FullName} must be a concrete subclass of {nameof(ActorBase)}.", nameof(actorType));
        }

        var constructor = actorType.GetConstructor(Type.EmptyTypes);
        if (constructor is null)
        {
            throw new ArgumentException($"Actor type {actorType.FullName} has no public parameterless constructor; use Props.Create(() => new {actorType.Name}(...)) instead.", nameof(actorType));
        }

        return new Props(actorType, () => (ActorBase)constructor.Invoke(null), null);
    }

    /// <summary>Returns a copy whose actor supervises its children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(Type, _factory, strategy, Dispatcher);
    }

    /// <summary>Returns a copy whose actor runs on the dispatcher named <paramref name="dispatcher"/> (see <see cref="Dispatchers"/>).</summary>
    public Props WithDispatcher(string dispatcher)
    {
        if (dispatcher is null || !Dispatchers.IsKnown(dispatcher))
        {
            throw new ArgumentException(
                $"Unknown dispatcher '{dispatcher}' for actor type {Type.Name}: use '{Dispatchers.DefaultDispatcherId}' or '{Dispatchers.PinnedDispatcherId}'.",
                nameof(dispatcher));
        }

        return new Props(Type, _factory, SupervisorStrategy, dispatcher);
    }

    internal ActorBase NewActor()
    {
        var actor = _factory();
        if (actor is null)
        {
            throw new InvalidOperationException($"The Props factory for {Type.FullName} returned null.");
        }

        return actor;
    }

    /// <inheritdoc />
    public override string ToString() => $"Props({Type.Name})";
}
