using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tree.Failures;

/// <summary>
/// A process that had counted as started (it outlived start-seconds) ended on its own. The
/// ServiceSupervisor's decider reads the exit code against the restart policy and the exit-code map.
/// </summary>
public sealed class ProcessExitedException : InstanceFailureException
{
    public ProcessExitedException(string instance, int pid, ProcessExit exit, TimeSpan ranFor)
        : base(instance)
    {
        Pid = pid;
        Exit = exit;
        RanFor = ranFor;
    }

    public int Pid { get; }

    public ProcessExit Exit { get; }

    /// <summary>How long the process ran; at least reset-after resets the backoff sequence.</summary>
    public TimeSpan RanFor { get; }

    /// <inheritdoc />
    public override string Reason => Exit.ToString();

    /// <inheritdoc />
    protected override string Describe() => $"'{Instance}' (pid {Pid}) exited: {Exit} after {RanFor.TotalSeconds:0.###} s";
}
