using ActorWarden.Processes.Threading;
using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// The default dispatcher's executor: Akka's thread-pool executor (the same pool, local queue first), except
/// that a mailbox readied by work already running on a thread with an open <see cref="RunNext"/> slot (a
/// mailbox run, the exit watcher's callbacks) runs next on that thread instead of waking a pool worker. A
/// restart's chain of actors (the exit, the failure, the directive, the relaunch) then stays on one thread.
/// Each run is charged to its actor's stage while stage costs are measured (<see cref="MailboxStages"/>).
/// </summary>
public sealed class RunNextExecutorConfigurator : ExecutorServiceConfigurator
{
    /// <summary>The constructor Akka calls for <c>executor = "ActorWarden.Supervision.Hosting.RunNextExecutorConfigurator, ActorWarden.Supervision"</c>.</summary>
    public RunNextExecutorConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        RunNext.Runner = static work =>
        {
            if (work is IRunnable run)
            {
                MailboxStages.Run(run);
            }
            else
            {
                work.Execute();
            }
        };
    }

    /// <inheritdoc />
    public override ExecutorService Produce(string id) => new Executor(id);

    private sealed class Executor(string id) : ExecutorService(id)
    {
        public override void Execute(IRunnable run)
        {
            if (!RunNext.TryOffer(run))
            {
                ThreadPool.UnsafeQueueUserWorkItem(new Started(run), preferLocal: true);
            }
        }

        public override void Shutdown()
        {
        }
    }

    /// <summary>A run queued to the pool: the worker that takes it runs what it readies too.</summary>
    private sealed class Started(IRunnable run) : IThreadPoolWorkItem
    {
        public void Execute() => RunNext.RunFrom(run);
    }
}
