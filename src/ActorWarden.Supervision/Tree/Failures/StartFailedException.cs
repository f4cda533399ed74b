using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tree.Failures;

/// <summary>
/// A start that did not take: the command could not be executed, or the process died before
/// start-seconds. Counted as a failed start (supervisord's BACKOFF); start-retries of them in a row make
/// the instance Fatal.
/// </summary>
public sealed class StartFailedException : InstanceFailureException
{
    /// <summary>The process died too early.</summary>
    public StartFailedException(string instance, int pid, ProcessExit exit, TimeSpan ranFor)
        : base(instance)
    {
        Pid = pid;
        Exit = exit;
        RanFor = ranFor;
        Detail = $"exited too quickly ({exit})";
    }

    /// <summary>The process could not be spawned at all (missing binary, bad directory, undefined variable).</summary>
    public StartFailedException(string instance, string error, Exception? inner = null)
        : base(instance, inner)
    {
        Detail = error;
    }

    /// <summary>Pid of the process that died early; null when nothing was spawned.</summary>
    public int? Pid { get; }

    /// <summary>Exit of the process that died early; null when nothing was spawned.</summary>
    public ProcessExit? Exit { get; }

    public TimeSpan RanFor { get; }

    /// <summary>What went wrong, in one phrase.</summary>
    public string Detail { get; }

    /// <inheritdoc />
    public override string Reason => Detail;

    /// <inheritdoc />
    protected override string Describe() => Exit is { } exit
        ? $"'{Instance}' (pid {Pid}) exited too quickly: {exit} after {RanFor.TotalSeconds:0.###} s"
        : $"'{Instance}' could not be started: {Detail}";
}
