using ActorWarden.Processes;
using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Runs its actors' mailboxes on the thread that sees children exit (<see cref="ExitLoop"/>). An
/// instance's exit, its ProcessActor's failure, the supervisor's directive, the restart and the next
/// spawn then follow each other on that one thread: a restart wakes no other thread of the tree,
/// where the thread pool took some ten hand-offs between threads per restart, most of the warden's
/// CPU per restart. Actors on it must not block; their slow work goes elsewhere (DetachedWork, the pumps).
/// </summary>
public sealed class ExitLoopDispatcher : MessageDispatcher
{
    internal ExitLoopDispatcher(MessageDispatcherConfigurator configurator)
        : base(configurator)
    {
        Id = configurator.Config.GetString("id");
        Throughput = configurator.Config.GetInt("throughput", 30);
        ThroughputDeadlineTime = null;
        ShutdownTimeout = configurator.Config.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(1));
    }

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run) => ExitLoop.Post(run);

    /// <inheritdoc />
    protected override void Shutdown()
    {
        // The thread belongs to the exit watcher, which lives as long as the process.
    }
}

/// <summary>
/// Named in the <c>type</c> of <c>akka.actor.warden-tree</c>; one <see cref="ExitLoopDispatcher"/> for
/// every actor that asks for the id, since they all share one thread anyway.
/// </summary>
public sealed class ExitLoopDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly ExitLoopDispatcher _dispatcher;

    /// <summary>The constructor Akka calls for a dispatcher whose <c>type</c> names this class.</summary>
    public ExitLoopDispatcherConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _dispatcher = new ExitLoopDispatcher(this);
    }

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _dispatcher;
}
