namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// The warden could not be talked to at all (connection refused, timeout, token file missing):
/// distinct from an error the warden reported, because the operator's next step differs (start it).
/// </summary>
public sealed class WardenUnreachableException : WardenClientException
{
    public WardenUnreachableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override int ExitCode => 3;
}
