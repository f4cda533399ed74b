namespace ActorWarden.Actors;

/// <summary>
/// Conventional replies for request/response: <see cref="Success"/> or <see cref="Failure"/>.
/// <c>Ask</c> turns a <see cref="Failure"/> reply into a faulted task.
/// </summary>
public abstract record Status
{
    private Status()
    {
    }

    /// <summary>The request succeeded, optionally with a result.</summary>
    public sealed record Success(object? Status) : Actors.Status;

    /// <summary>The request failed with <paramref name="Cause"/>.</summary>
    public sealed record Failure(Exception Cause) : Actors.Status;
}
