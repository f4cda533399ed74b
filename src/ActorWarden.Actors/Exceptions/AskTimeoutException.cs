namespace ActorWarden.Actors;

/// <summary>An <c>Ask</c> got no reply in time; the message names the target path and the timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message)
        : base(message)
    {
    }
}
