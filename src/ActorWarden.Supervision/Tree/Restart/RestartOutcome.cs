using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Tree.Restart;

/// <summary>What becomes of an instance after a failure, in operator terms.</summary>
public enum RestartOutcome
{
    /// <summary>Start again after <see cref="RestartDecision.Delay"/> (directive Restart).</summary>
    Restart,

    /// <summary>Stay down as Exited until an operator starts it (directive Resume).</summary>
    StayExited,

    /// <summary>Too many failed starts: park as Fatal until fatal-retry or an operator (directive Resume).</summary>
    Fatal,

    /// <summary>Hand the failure to the group at once (directive Escalate).</summary>
    Escalate,
}

/// <summary>
/// One decision of a ServiceSupervisor about one failure: the directive for Akka, the outcome for
/// the instance, the delay before the next spawn, the ledger to remember and the reason operators read
/// in the <c>directive</c> event.
/// </summary>
public sealed record RestartDecision(RestartOutcome Outcome, TimeSpan Delay, AttemptLedger Ledger, string Reason)
{
    /// <summary>The Akka directive that carries out <see cref="Outcome"/>.</summary>
    public Directive Directive => Outcome switch
    {
        RestartOutcome.Restart => Directive.Restart,
        RestartOutcome.Escalate => Directive.Escalate,
        _ => Directive.Resume,
    };
}
