using Akka.Actor;

namespace ActorWarden.Supervision.Policy;

/// <summary>
/// What a supervisor did about one child failure, after the intensity check: the directive actually
/// applied and the children it was applied to, in the order it was applied. Escalate affects no child
/// (the supervisor itself fails); Resume affects only the failed child.
/// </summary>
public sealed record FailureApplied(IActorContext Context, IActorRef Child, Exception Cause, Directive Directive, IReadOnlyList<IActorRef> Affected);
