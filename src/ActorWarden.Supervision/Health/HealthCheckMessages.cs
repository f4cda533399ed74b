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

/// <summary>
/// From the parent: the process under check ended. The check stops probing until <see cref="CheckProcess"/>,
/// and a probe still running is abandoned. Told to a check that has just failed and stopped, so no dead letter.
/// </summary>
public sealed record PauseCheck : Akka.Event.IDeadLetterSuppression
{
    /// <summary>The one instance.</summary>
    public static PauseCheck Instance { get; } = new();
}

/// <summary>
/// From the parent: the instance's next process runs. The check starts over for it (start period,
/// failure count, state Starting) with <paramref name="Probe"/>, and stamps its notices with <paramref name="Run"/>.
/// </summary>
public sealed record CheckProcess(IHealthProbe Probe, long Run);
