namespace ActorWarden.Actors;

/// <summary>How an actor system is built; a record so hosts and tests derive variants with <c>with</c>.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>Defaults: real time, thread pool, Akka's default guardian strategy, the global Serilog logger.</summary>
    public static ActorSystemSettings Default { get; } = new();

    /// <summary>The time source; null means a new <see cref="RealTimeScheduler"/> owned (and disposed) by the system.</summary>
    public IScheduler? Scheduler { get; init; }

    /// <summary>How the user guardian treats failing top-level actors; Escalate from it terminates the system with <see cref="ActorSystem.TerminationFailure"/>.</summary>
    public SupervisorStrategy? UserGuardianStrategy { get; init; }

    /// <summary>Where kernel and actor logs go; null means <see cref="Serilog.Log.Logger"/>.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>Thread pool (default) or the deterministic single queue.</summary>
    public DispatcherMode Dispatcher { get; init; } = DispatcherMode.ThreadPool;
}
