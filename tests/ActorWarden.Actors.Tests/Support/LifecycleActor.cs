using ActorWarden.Actors;

namespace ActorWarden.Actors.Tests.Support;

/// <summary>
/// Reports every lifecycle hook to a probe, counts messages (state that a restart resets and a resume keeps),
/// throws on <see cref="Throw"/>, creates children on <see cref="CreateChild"/>.
/// </summary>
public sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private readonly string _id;
    private int _count;

    public LifecycleActor(IActorRef probe, string id)
    {
        _probe = probe;
        _id = id;
        Receive<Throw>(t => throw t.Exception);
        Receive<GetCount>(_ => Sender.Tell(_count));
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
        Receive<Ping>(p =>
        {
            _count++;
            Sender.Tell(p);
        });
    }

    public static Props Props(IActorRef probe, string id) => Actors.Props.Create(() => new LifecycleActor(probe, id));

    protected override void PreStart() => _probe.Tell(new LifecycleEvent(_id, "PreStart"));

    protected override void PostStop() => _probe.Tell(new LifecycleEvent(_id, "PostStop"));

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(new LifecycleEvent(_id, "PreRestart", $"{reason.Message}|{message?.GetType().Name}"));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new LifecycleEvent(_id, "PostRestart", reason.Message));
        base.PostRestart(reason);
    }
}

/// <summary>A supervisor with a given strategy that creates children on request and reports its own hooks.</summary>
public sealed class SupervisorActor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;
    private readonly IActorRef _probe;
    private readonly string _id;

    public SupervisorActor(SupervisorStrategy strategy, IActorRef probe, string id)
    {
        _strategy = strategy;
        _probe = probe;
        _id = id;
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
        Receive<LookupChild>(l => Sender.Tell(Context.Child(l.Name)));
        Receive<Throw>(t => throw t.Exception);
    }

    public static Props Props(SupervisorStrategy strategy, IActorRef probe, string id) =>
        Actors.Props.Create(() => new SupervisorActor(strategy, probe, id));

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    protected override void PreStart() => _probe.Tell(new LifecycleEvent(_id, "PreStart"));

    protected override void PostStop() => _probe.Tell(new LifecycleEvent(_id, "PostStop"));

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new LifecycleEvent(_id, "PostRestart", reason.Message));
        base.PostRestart(reason);
    }
}

/// <summary>Replies to every message with the same message.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor()
    {
        ReceiveAny(message => Sender.Tell(message));
    }
}

/// <summary>Swallows everything and never replies.</summary>
public sealed class SilentActor : ReceiveActor
{
    public SilentActor()
    {
        ReceiveAny(_ => { });
    }
}
