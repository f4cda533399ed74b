namespace ActorWarden.Supervision.Tree.Failures;

/// <summary>
/// Base of every failure a ProcessActor throws. Failures are exceptions, not messages, so that they
/// travel the supervision tree and are decided by supervisor strategies like any crash: nothing below
/// the ServiceSupervisor decides whether an instance restarts.
/// </summary>
public abstract class InstanceFailureException : Exception
{
    protected InstanceFailureException(string instance, string message, Exception? inner = null)
        : base(message, inner)
    {
        Instance = instance;
    }

    /// <summary>The instance that failed (e.g. <c>web-2</c>).</summary>
    public string Instance { get; }

    /// <summary>Short reason for the event log, e.g. "exit code 3".</summary>
    public abstract string Reason { get; }
}
