namespace ActorWarden.Actors;

/// <summary>Decides where a mailbox that has work runs: on the thread pool, or on the deterministic queue.</summary>
internal abstract class MessageDispatcher
{
    protected MessageDispatcher(int throughput)
    {
        Throughput = throughput;
    }

    /// <summary>How many user messages one scheduling of a mailbox may process before yielding the thread.</summary>
    public int Throughput { get; }

    public abstract void Schedule(Mailbox mailbox);
}

/// <summary>Production dispatcher: mailboxes are thread-pool work items (no allocation per scheduling).</summary>
internal sealed class ThreadPoolDispatcher : MessageDispatcher
{
    public ThreadPoolDispatcher()
        : base(throughput: 100)
    {
    }

    public override void Schedule(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}

/// <summary>
/// Simulation dispatcher: every mailbox run goes onto the virtual scheduler's single FIFO queue and runs
/// on the thread that advances time, so identical input gives identical interleavings and output.
/// </summary>
internal sealed class DeterministicDispatcher : MessageDispatcher
{
    private readonly VirtualTimeScheduler _scheduler;

    public DeterministicDispatcher(VirtualTimeScheduler scheduler)
        : base(throughput: 10)
    {
        _scheduler = scheduler;
    }

    public VirtualTimeScheduler Scheduler => _scheduler;

    public override void Schedule(Mailbox mailbox) => _scheduler.Post(mailbox);
}
