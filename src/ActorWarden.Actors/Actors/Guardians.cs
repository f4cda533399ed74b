namespace ActorWarden.Actors;

/// <summary>The <c>/user</c> guardian: parent of every top-level actor, supervising them with the configured strategy.</summary>
internal sealed class UserGuardianActor : ActorBase
{
    private readonly SupervisorStrategy _strategy;

    public UserGuardianActor(SupervisorStrategy strategy)
    {
        _strategy = strategy;
    }

    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    /// <summary>A restart of the guardian must not stop the whole tree; only failures escalated past it end the system.</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
    }
}

/// <summary>
/// The root <c>/</c>: watches the user guardian and stops when it stops, which completes the system's
/// termination. When the user guardian escalates, the cause is recorded as the system's termination failure.
/// </summary>
internal sealed class RootGuardianActor : ActorBase
{
    private readonly ActorSystem _system;

    public RootGuardianActor(ActorSystem system)
    {
        _system = system;
    }

    protected override void PreStart() => Context.Watch(_system.UserGuardian);

    protected override bool Receive(object message)
    {
        if (message is Terminated terminated && terminated.ActorRef.Equals(_system.UserGuardian))
        {
            Context.Stop(Self);
            return true;
        }

        return false;
    }

    protected override SupervisorStrategy SupervisorStrategy() => new RootGuardianStrategy(_system);

    private sealed class RootGuardianStrategy(ActorSystem system) : SupervisorStrategy(-1, null, static _ => Directive.Stop, Directive.Stop)
    {
        public override Directive HandleFailure(IActorContext context, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children)
        {
            system.RecordTerminationFailure(cause);
            LogFailure(context, child, cause, Directive.Stop);
            context.Stop(child);
            return Directive.Stop;
        }

        public override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive) =>
            context.System.Log.ForContext("ActorPath", child.Path.ToString())
                .Fatal(cause, "The user guardian escalated {ExceptionType}: {Reason}; the actor system terminates with a failure", cause.GetType().Name, cause.Message);

        protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => [failed];
    }
}

/// <summary>The parent of the root guardian: turns the root's death into the system's termination.</summary>
internal sealed class TheOneWhoWalksTheBubblesOfSpaceTime(ActorSystem system) : InternalActorRef
{
    private static readonly ActorPath BubblePath = ActorPath.Root / "bubble-walker";

    public override ActorPath Path => BubblePath;

    public override int Uid => 0;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender = null)
    {
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case DeathWatchNotification:
                system.OnRootTerminated();
                break;
            case Failed failed:
                system.RecordTerminationFailure(failed.Cause);
                failed.Child.SendSystemMessage(new Terminate());
                break;
        }
    }
}
