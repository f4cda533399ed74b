namespace ActorWarden.Actors;

/// <summary>Where actors run.</summary>
public enum DispatcherMode
{
    /// <summary>On the .NET thread pool, in parallel (production).</summary>
    ThreadPool,

    /// <summary>
    /// On one logical FIFO queue run inline by <see cref="VirtualTimeScheduler"/>'s Advance/RunUntilIdle, so a
    /// simulation with the same input produces byte-identical output. Requires a <see cref="VirtualTimeScheduler"/>.
    /// </summary>
    Deterministic,
}
