namespace ActorWarden.Actors;

/// <summary>
/// A handle to scheduled work. Cancelling is best effort (a timer that is already firing still delivers),
/// which mirrors Akka.NET's <c>ICancelable</c>: receivers must tolerate a late message.
/// </summary>
public interface ICancelable
{
    /// <summary>Prevents further deliveries of the scheduled work.</summary>
    void Cancel();

    /// <summary>True once <see cref="Cancel"/> has been called.</summary>
    bool IsCancellationRequested { get; }
}
