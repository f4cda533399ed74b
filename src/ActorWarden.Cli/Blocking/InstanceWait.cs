using ActorWarden.Contracts;

namespace ActorWarden.Cli.Blocking;

/// <summary>
/// Decides when one instance's wait for an operator command is over. Two sources feed it: the
/// warden's <c>state</c> events after the command's own <c>command</c> event (exact, every transition),
/// and status polls, which catch the commands that change nothing and so emit no event (starting a
/// running instance, stopping a stopped one). A poll counts only when it shows the target state itself,
/// so a status taken before the command took effect can never end a wait early.
/// </summary>
public sealed class InstanceWait
{
    private readonly int? _pidBefore;
    private bool _startSeen;

    /// <param name="name">The instance, as the command's result names it.</param>
    /// <param name="verb">The command sent.</param>
    /// <param name="before">The instance's status just before the command was sent (null when unknown).</param>
    public InstanceWait(string name, OperatorVerb verb, InstanceStatus? before)
    {
        Name = name;
        Verb = verb;
        State = before?.State;
        Pid = before?.Pid;
        _pidBefore = before?.Pid;
    }

    public string Name { get; }

    public OperatorVerb Verb { get; }

    public WaitOutcome Outcome { get; private set; } = WaitOutcome.Pending;

    /// <summary>The last state seen (null until one is known).</summary>
    public ProcessState? State { get; private set; }

    public int? Pid { get; private set; }

    /// <summary>Why the instance is where it is: the reason of its last transition, or of a failure.</summary>
    public string? Reason { get; private set; }

    /// <summary>The reason the process tree was killed while this command waited (the stop timeout), if it was.</summary>
    public string? Killed { get; private set; }

    /// <summary>The deadline passed before the target state was reached.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The state the command drives the instance to.</summary>
    public ProcessState Target => Verb == OperatorVerb.Stop ? ProcessState.Stopped : ProcessState.Running;

    /// <summary>A <c>state</c> event of this instance, seen after the command was accepted.</summary>
    public void OnTransition(ProcessState to, string? reason)
    {
        if (Outcome != WaitOutcome.Pending)
        {
            return;
        }

        State = to;
        Reason = reason;
        if (Verb == OperatorVerb.Stop)
        {
            if (to == ProcessState.Stopped)
            {
                Outcome = WaitOutcome.Reached;
            }

            return;
        }

        // Start and restart: a Running or Fatal counts only once the command's own start began, so a
        // transition that was already under way when the command arrived cannot decide the outcome.
        switch (to)
        {
            case ProcessState.Starting:
                _startSeen = true;
                break;
            case ProcessState.Running when _startSeen:
                Outcome = WaitOutcome.Reached;
                break;
            case ProcessState.Fatal when _startSeen:
                Outcome = WaitOutcome.Failed;
                break;
        }
    }

    /// <summary>A <c>started</c> event: the pid of the new process.</summary>
    public void OnSpawned(int pid)
    {
        if (Outcome == WaitOutcome.Pending)
        {
            Pid = pid;
        }
    }

    /// <summary>A <c>killed</c> event: the stop ladder ended in a tree kill.</summary>
    public void OnKilled(string? reason)
    {
        if (Outcome == WaitOutcome.Pending)
        {
            Killed = reason ?? "killed";
        }
    }

    /// <summary>The instance in a status poll, or null when the warden no longer has it (a reload removed it).</summary>
    public void OnStatus(InstanceStatus? status)
    {
        if (Outcome != WaitOutcome.Pending)
        {
            return;
        }

        if (status is null)
        {
            Outcome = WaitOutcome.Failed;
            Reason = "the warden no longer has this instance";
            return;
        }

        var reached = Verb switch
        {
            OperatorVerb.Stop => status.State == ProcessState.Stopped,
            OperatorVerb.Start => status.State == ProcessState.Running,
            _ => status.State == ProcessState.Running && status.Pid != _pidBefore,
        };
        if (reached)
        {
            State = status.State;
            Pid = status.Pid;
            Reason ??= status.Description;
            Outcome = WaitOutcome.Reached;
        }
        else if (State is null)
        {
            State = status.State;
            Pid = status.Pid;
        }
    }

    /// <summary>The deadline passed: whatever is still pending failed.</summary>
    public void OnDeadline(InstanceStatus? last)
    {
        if (Outcome != WaitOutcome.Pending)
        {
            return;
        }

        if (last is not null)
        {
            State = last.State;
            Pid = last.Pid;
            Reason = last.Description ?? Reason;
        }

        TimedOut = true;
        Outcome = WaitOutcome.Failed;
    }
}
