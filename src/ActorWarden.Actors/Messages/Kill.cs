namespace ActorWarden.Actors;

/// <summary>Makes the receiver fail with <see cref="ActorKilledException"/>, so its supervisor decides (by default: stop).</summary>
public sealed record Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();
}
