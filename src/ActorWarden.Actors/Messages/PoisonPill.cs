namespace ActorWarden.Actors;

/// <summary>Stops the receiver after it has processed the messages queued before the pill (a graceful stop).</summary>
public sealed record PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();
}
