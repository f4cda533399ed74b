namespace ActorWarden.Supervision.Health;

/// <summary>Time for the next probe (from the scheduler, every interval).</summary>
internal sealed record ProbeDue
{
    public static ProbeDue Instance { get; } = new();
}

/// <summary>A probe finished; <paramref name="Sequence"/> ties the result to the attempt that started it.</summary>
internal sealed record ProbeCompleted(long Sequence, ProbeResult Result);

/// <summary>The attempt <paramref name="Sequence"/> ran past the timeout (from the scheduler).</summary>
internal sealed record ProbeTimedOut(long Sequence);
