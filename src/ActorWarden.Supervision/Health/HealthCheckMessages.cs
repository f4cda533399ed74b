namespace ActorWarden.Supervision.Health;

/// <summary>
/// Time for the next probe (from the scheduler, every interval). A tick already sent when the check
/// stops is expected, so it is no dead letter (as <see cref="ProbeCompleted"/>).
/// </summary>
internal sealed record ProbeDue : Akka.Event.IDeadLetterSuppression
{
    public static ProbeDue Instance { get; } = new();
}

/// <summary>
/// A probe finished; <paramref name="Sequence"/> ties the result to the attempt that started it. A probe
/// still running when its check stops (the instance exited) reports to a stopped actor: that is expected,
/// so it is no dead letter in the warden's log or count.
/// </summary>
internal sealed record ProbeCompleted(long Sequence, ProbeResult Result) : Akka.Event.IDeadLetterSuppression;

/// <summary>The attempt <paramref name="Sequence"/> ran past the timeout (from the scheduler; no dead letter once the check stopped).</summary>
internal sealed record ProbeTimedOut(long Sequence) : Akka.Event.IDeadLetterSuppression;
