using Akka.Actor;
using ActorWarden.Supervision.Health;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The instance actor's strategy for its own children (the health or heartbeat check). A failed check
/// is a supervision decision the warden's log already reports in one line ("health: web-1 is failing its
/// check: ..."), so Akka's Error line with the exception's stack trace is left out for it; any other
/// failure of a child is a bug and keeps Akka's line.
/// </summary>
internal sealed class InstanceChildStrategy : OneForOneStrategy
{
    public InstanceChildStrategy(Func<Exception, Directive> decider)
        : base(decider)
    {
    }

    /// <inheritdoc />
    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        if (cause is not HealthCheckFailedException)
        {
            base.LogFailure(context, child, cause, directive);
        }
    }
}
