namespace ActorWarden.Config;

/// <summary>Exponential, capped, jittered delay between restarts; the attempt count resets after a healthy run of <see cref="ResetAfter"/>.</summary>
public sealed record BackoffSpec
{
    public TimeSpan Min { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    public double Multiplier { get; init; } = 2.0;

    /// <summary>Fraction (0..1) of the delay added or removed at random (seeded, so simulations repeat).</summary>
    public double Jitter { get; init; } = 0.1;

    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromSeconds(60);
}
