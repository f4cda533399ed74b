using Akka.Actor;
using Akka.Actor.Internal;
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
    private readonly Action<IActorRef> _stopped;

    /// <param name="decider">The directive for a child's failure.</param>
    /// <param name="stopped">Called, in the instance actor, for a child the decider stopped: the instance keeps its check across processes and must not tell a stopped one.</param>
    public InstanceChildStrategy(Func<Exception, Directive> decider, Action<IActorRef> stopped)
        : base(decider)
    {
        _stopped = stopped;
    }

    /// <inheritdoc />
    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
    {
        if (!restart)
        {
            _stopped(child);
        }

        base.ProcessFailure(context, restart, child, cause, stats, children);
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
