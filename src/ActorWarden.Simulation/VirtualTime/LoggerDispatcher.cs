using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// Dispatcher for the logger actors of a virtual-time system: it runs a logger's mailbox at once, on the thread
/// that published the log event. <c>ActorSystem.Create</c> blocks until every logger has answered
/// <c>InitializeLogger</c> (up to <c>akka.logger-startup-timeout</c>, 5 s), and nobody drives the FIFO queue while
/// it blocks; run inline, the logger answers before the wait starts. Loggers only consume events, so running them
/// where the event is published keeps log order equal to publish order, as Akka's own standard-out logger does.
/// </summary>
public sealed class LoggerDispatcher : MessageDispatcher
{
    private readonly VirtualTimeScheduler? _scheduler;

    internal LoggerDispatcher(MessageDispatcherConfigurator configurator)
        : base(configurator)
    {
        _scheduler = configurator.Prerequisites.Scheduler as VirtualTimeScheduler;
        Id = configurator.Config.GetString("id");
        ThroughputDeadlineTime = null;
        ShutdownTimeout = configurator.Config.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(1));
    }

    /// <summary>Runs the logger at once; after its <c>InitializeLogger</c> has been handled, tells the scheduler that start-up no longer waits for it.</summary>
    public override void Dispatch(ActorCell cell, Envelope envelope)
    {
        base.Dispatch(cell, envelope);
        if (envelope.Message is InitializeLogger)
        {
            _scheduler?.LoggerStarted();
        }
    }

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run) => run.Run();

    /// <inheritdoc />
    protected override void Shutdown()
    {
        // Nothing to release: no thread or queue of its own.
    }
}
