using ActorWarden.Supervision.Policy;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Policy;

/// <summary>A child's lifecycle hook, as its supervisor's test sees it.</summary>
internal sealed record Lifecycle(string Name, string Hook);

/// <summary>Makes a <see cref="CountingChild"/> throw.</summary>
internal sealed record Fail(string Reason);

/// <summary>Adds one to a child's count (its state, lost on restart, kept on resume).</summary>
internal sealed record Bump;

/// <summary>Asks a child for its count.</summary>
internal sealed record GetCount;

/// <summary>A failure of its child, as the grand-parent saw it.</summary>
internal sealed record Escalated(string Child, string Reason);

/// <summary>onApplied, reduced to names so a probe can compare it.</summary>
internal sealed record Applied(string Child, string Reason, Directive Directive, string[] Affected)
{
    public static Applied From(FailureApplied a) =>
        new(a.Child.Path.Name, a.Cause.Message, a.Directive, a.Affected.Select(c => c.Path.Name).ToArray());
}

internal sealed class TestFailure(string message) : Exception(message);

/// <summary>A child with a count; it reports Started, Restarted and Stopped once each.</summary>
internal sealed class CountingChild : ReceiveActor
{
    private readonly IActorRef _lifecycle;
    private int _count;

    public CountingChild(IActorRef lifecycle)
    {
        _lifecycle = lifecycle;
        Receive<Fail>(f => throw new TestFailure(f.Reason));
        Receive<Bump>(_ =>
        {
            _count++;
            Sender.Tell(_count);
        });
        Receive<GetCount>(_ => Sender.Tell(_count));
    }

    protected override void PreStart() => _lifecycle.Tell(new Lifecycle(Self.Path.Name, "Started"));

    protected override void PreRestart(Exception reason, object message)
    {
    }

    protected override void PostRestart(Exception reason) => _lifecycle.Tell(new Lifecycle(Self.Path.Name, "Restarted"));

    protected override void PostStop() => _lifecycle.Tell(new Lifecycle(Self.Path.Name, "Stopped"));
}

/// <summary>The supervisor under test: starts its children in the given order under a fresh strategy.</summary>
internal sealed class GroupSupervisor : ReceiveActor
{
    private readonly Func<ErlangSupervisorStrategy> _strategy;

    public GroupSupervisor(Func<ErlangSupervisorStrategy> strategy, IActorRef lifecycle, IReadOnlyList<string> children)
    {
        _strategy = strategy;
        foreach (var name in children)
        {
            Context.ActorOf(Props.Create(() => new CountingChild(lifecycle)), name);
        }

        ReceiveAny(_ => { });
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy();
}

/// <summary>The grand-parent: reports what escalates to it and stops the failed group.</summary>
internal sealed class Grandparent : ReceiveActor
{
    private readonly IActorRef _escalations;

    public Grandparent(Props group, IActorRef escalations)
    {
        _escalations = escalations;
        Context.ActorOf(group, "group");
        ReceiveAny(_ => { });
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decide);

    private Directive Decide(Exception cause)
    {
        _escalations.Tell(new Escalated("group", cause.Message));
        return Directive.Stop;
    }
}
