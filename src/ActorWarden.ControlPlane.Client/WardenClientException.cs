namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Base of everything the API client throws: the message is one line the CLI prints as is, and
/// <see cref="ExitCode"/> is the process exit code it should return, so every command reports failures alike.
/// </summary>
public abstract class WardenClientException : Exception
{
    protected WardenClientException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>1 = the command failed or the target is unknown, 2 = invalid request or config, 3 = the warden cannot be reached.</summary>
    public abstract int ExitCode { get; }
}
