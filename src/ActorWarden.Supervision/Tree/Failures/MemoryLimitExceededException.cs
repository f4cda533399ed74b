namespace ActorWarden.Supervision.Tree.Failures;

/// <summary>The process tree grew beyond max-memory (PM2's max_memory_restart); restarting it is the supervisor's call.</summary>
public sealed class MemoryLimitExceededException : InstanceFailureException
{
    public MemoryLimitExceededException(string instance, int pid, long rssBytes, long limitBytes)
        : base(instance)
    {
        Pid = pid;
        RssBytes = rssBytes;
        LimitBytes = limitBytes;
    }

    public int Pid { get; }

    public long RssBytes { get; }

    public long LimitBytes { get; }

    /// <inheritdoc />
    public override string Reason => $"memory {RssBytes} B over limit {LimitBytes} B";

    /// <inheritdoc />
    protected override string Describe() => $"'{Instance}' (pid {Pid}) uses {RssBytes} bytes, over max-memory {LimitBytes}";
}
