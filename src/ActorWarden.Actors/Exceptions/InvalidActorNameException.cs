namespace ActorWarden.Actors;

/// <summary>A child name is empty, malformed or already taken under the same parent; the message names the full path.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message)
        : base(message)
    {
    }
}
