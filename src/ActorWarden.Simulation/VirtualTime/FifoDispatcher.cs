using Akka.Dispatch;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// Dispatcher that hands every mailbox run to the <see cref="VirtualTimeScheduler"/>'s single FIFO queue instead
/// of a thread pool, so actors run only while virtual time is driven, on the driving thread, in posting order.
/// Unlike Akka.TestKit's <c>CallingThreadDispatcher</c> it never runs an actor inside the <c>Tell</c> that woke
/// it, which would make the order depth-first and re-entrant.
/// </summary>
public sealed class FifoDispatcher : MessageDispatcher
{
    private readonly VirtualTimeScheduler _scheduler;

    internal FifoDispatcher(MessageDispatcherConfigurator configurator, VirtualTimeScheduler scheduler)
        : base(configurator)
    {
        _scheduler = scheduler;
        Id = configurator.Config.GetString("id");
        // One user message per mailbox run: a mailbox with more work goes back to the tail of the queue, so
        // messages to different actors are handled in the order they were sent. Akka's mailbox handles one more
        // message than Throughput unless a deadline has passed; a zero deadline has always passed (whatever the
        // real clock reads), which makes it exactly one.
        Throughput = 1;
        ThroughputDeadlineTime = 0;
        ShutdownTimeout = configurator.Config.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(1));
    }

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run) => _scheduler.Post(run);

    /// <inheritdoc />
    protected override void Shutdown()
    {
        // Nothing to release: the queue belongs to the scheduler and no thread was started.
    }
}
