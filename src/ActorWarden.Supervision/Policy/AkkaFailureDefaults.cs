using Akka.Actor;

namespace ActorWarden.Supervision.Policy;

/// <summary>
/// Akka's own failure signals, decided as Akka's default decider decides them and before the domain's
/// decider is asked: a child that failed in its constructor or PreStart would fail the same way again, a
/// Kill is a request to stop, and a DeathPact means a watched actor is gone.
/// </summary>
public static class AkkaFailureDefaults
{
    /// <summary>Stop for Akka's signals; null when the domain decides.</summary>
    public static Directive? DirectiveFor(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => null,
    };
}
