namespace ActorWarden.Supervision.Tree.Failures;

/// <summary>
/// Base of every failure a ProcessActor throws. Failures are exceptions, not messages, so that they
/// travel the supervision tree and are decided by supervisor strategies like any crash: nothing below
/// the ServiceSupervisor decides whether an instance restarts.
/// </summary>
public abstract class InstanceFailureException : Exception
{
    private string? _message;

    protected InstanceFailureException(string instance, Exception? inner = null)
        : base(null, inner)
    {
        Instance = instance;
    }

    /// <summary>The instance that failed (e.g. <c>web-2</c>).</summary>
    public string Instance { get; }

    /// <summary>
    /// Written when first read: an instance that crashes all day throws one of these per crash, the
    /// supervisor decides on its type and fields, and formatting a message nobody prints cost more than
    /// the decision.
    /// </summary>
    public override string Message => _message ??= Describe();

    /// <summary>The full sentence for logs and errors, e.g. "'web-2' (pid 41) exited: exit code 3 after 1.5 s".</summary>
    protected abstract string Describe();

    /// <summary>Short reason for the event log, e.g. "exit code 3".</summary>
    public abstract string Reason { get; }
}
