namespace ActorWarden.ControlPlane;

/// <summary>
/// The control plane refused to start (unsafe settings, a bad token file, the port already taken).
/// The message is one line meant for the operator, so hosts print it as is and exit nonzero.
/// </summary>
public sealed class ControlPlaneStartException : Exception
{
    public ControlPlaneStartException(string message)
        : base(message)
    {
    }

    public ControlPlaneStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
