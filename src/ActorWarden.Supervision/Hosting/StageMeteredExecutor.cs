using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// The default dispatcher's executor while stage costs are measured (<c>warden.diagnostics.stage-costs</c>):
/// Akka's thread-pool executor, queueing the same way (local queue first), with each mailbox run charged to
/// its actor's stage. Not configured otherwise, so the unmeasured warden runs Akka's own executor.
/// </summary>
public sealed class StageMeteredExecutorConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new Executor(id);

    private sealed class Executor(string id) : ExecutorService(id)
    {
        public override void Execute(IRunnable run) => ThreadPool.UnsafeQueueUserWorkItem(new MeteredRun(run), preferLocal: true);

        public override void Shutdown()
        {
        }
    }

    private sealed class MeteredRun(IRunnable run) : IThreadPoolWorkItem
    {
        public void Execute() => MailboxStages.Run(run);
    }
}
