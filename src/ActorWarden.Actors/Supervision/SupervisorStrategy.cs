using Serilog.Events;

namespace ActorWarden.Actors;

/// <summary>
/// How a parent treats failing children: a decider maps the exception to a <see cref="Directive"/>, and an
/// intensity limit (<see cref="MaxNumberOfRetries"/> within <see cref="WithinTimeRange"/>, counted per child
/// on the scheduler's monotonic clock) turns endless restart loops into <see cref="RetriesExceededDirective"/>:
/// Stop (Akka) or Escalate (Erlang's supervisor intensity, letting the grand-parent act).
/// Subclasses choose which children a decision affects.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy.</summary>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider, Directive retriesExceededDirective)
    {
        if (retriesExceededDirective is not (Directive.Stop or Directive.Escalate))
        {
            throw new ArgumentException($"RetriesExceededDirective must be Stop or Escalate, not {retriesExceededDirective}.", nameof(retriesExceededDirective));
        }

        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider ?? DefaultDecider;
        RetriesExceededDirective = retriesExceededDirective;
    }

    /// <summary>Maps a failure to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Restarts allowed per child within the window; -1 means unlimited, 0 means never restart.</summary>
    public int MaxNumberOfRetries { get; }

    /// <summary>The restart window; null means "over the child's lifetime".</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Applied instead of Restart when a child used up its restarts: Stop (default, Akka) or Escalate.</summary>
    public Directive RetriesExceededDirective { get; }

    /// <summary>Akka's default decider: initialization failures, kills and death pacts stop; anything else restarts.</summary>
    public static Func<Exception, Directive> DefaultDecider { get; } = static exception => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one, unlimited restarts, <see cref="DefaultDecider"/>.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(-1, null, DefaultDecider);

    /// <summary>Stops any failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(-1, null, static _ => Directive.Stop);

    /// <summary>
    /// Decides and applies the directive for <paramref name="child"/>'s failure. Returns the directive applied
    /// (after the intensity check); <see cref="Directive.Escalate"/> means the caller must fail itself.
    /// </summary>
    public virtual Directive HandleFailure(IActorContext context, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children)
    {
        var directive = Decider(cause);
        var affected = AffectedChildren(stats, children);
        if (directive == Directive.Restart)
        {
            var now = context.System.Scheduler.Monotonic;
            var permitted = true;
            foreach (var s in affected)
            {
                permitted &= s.RequestRestartPermission(now, MaxNumberOfRetries, WithinTimeRange);
            }

            if (!permitted)
            {
                directive = RetriesExceededDirective;
            }
        }

        LogFailure(context, child, cause, directive);
        var cell = (ActorCell)context;
        switch (directive)
        {
            case Directive.Resume:
                cell.ResumeChild(child, cause);
                break;
            case Directive.Restart:
                foreach (var s in affected)
                {
                    cell.RestartChild(s.Child, cause, suspendFirst: !s.Child.Equals(child));
                }

                break;
            case Directive.Stop:
                foreach (var s in affected)
                {
                    context.Stop(s.Child);
                }

                break;
        }

        return directive;
    }

    /// <summary>
    /// Records the decision. Called once per failure with the directive actually applied; override to publish
    /// domain events. The default logs Resume as a warning and everything else as an error.
    /// </summary>
    public virtual void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        var level = directive == Directive.Resume ? LogEventLevel.Warning : LogEventLevel.Error;
        context.System.Log
            .ForContext("ActorPath", child.Path.ToString())
            .Write(level, cause, "Actor {Child} failed with {ExceptionType}: {Reason}; supervisor {Supervisor} decided {Directive}",
                child.Path.ToString(), cause.GetType().Name, cause.Message, context.Self.Path.ToString(), directive);
    }

    /// <summary>The children a Restart or Stop applies to, oldest first (always including the failed child).</summary>
    protected abstract IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children);
}
