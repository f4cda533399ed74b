namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>What an operator can ask of an instance, a service, a group or the whole tree.</summary>
public enum CommandKind
{
    Start,
    Stop,
    Restart,
}

/// <summary>
/// Operator start of one instance: it is wanted up from now on (supervisorctl start). A Fatal or Exited
/// instance starts again with a fresh attempt ledger; a running one is left alone.
/// </summary>
public sealed record StartInstance
{
    public static StartInstance Instance { get; } = new();
}

/// <summary>Operator stop of one instance: the stop ladder runs and the instance stays Stopped until started.</summary>
public sealed record StopInstance
{
    public static StopInstance Instance { get; } = new();
}

/// <summary>Operator restart of one instance: the stop ladder, then a start (a stopped instance just starts).</summary>
public sealed record RestartInstance
{
    public static RestartInstance Instance { get; } = new();
}

/// <summary>
/// The guardian's go for an instance held back after a group restart or a reload (its predecessors are
/// gone and its dependencies are up): it starts if it is still wanted; an unwanted one stays stopped.
/// </summary>
public sealed record ResumeInstance
{
    public static ResumeInstance Instance { get; } = new();
}

/// <summary>The guardian's go for every held instance of a service (see <see cref="ResumeInstance"/>).</summary>
public sealed record ResumeService
{
    public static ResumeService Instance { get; } = new();
}
