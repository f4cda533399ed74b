using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Health;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>Told to the test probe by <see cref="ProcessActorStandIn"/>'s strategy when its health child fails.</summary>
internal sealed record ChildFailed(Exception Cause);

/// <summary>Told to the test probe by <see cref="ServiceSupervisorStandIn"/>'s strategy when a failure is escalated to it.</summary>
internal sealed record Escalated(Exception Cause);

/// <summary>
/// Stands in for the ProcessActor: creates the health check as its child, forwards every
/// <see cref="HealthChanged"/> to the probe, and supervises the child with a strategy that reports the
/// failure to the probe and applies <c>directive</c> (Escalate, as the real ProcessActor does, hands it up).
/// </summary>
internal sealed class ProcessActorStandIn : ReceiveActor
{
    private readonly Props _child;
    private readonly IActorRef _probe;
    private readonly Directive _directive;

    public ProcessActorStandIn(Props child, IActorRef probe, Directive directive)
    {
        _child = child;
        _probe = probe;
        _directive = directive;
        Receive<HealthChanged>(changed => _probe.Tell(changed, Self));
    }

    protected override void PreStart() => Context.ActorOf(_child, "health");

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            _probe.Tell(new ChildFailed(e), Self);
            return _directive;
        });
}

/// <summary>Stands in for the ServiceSupervisor: the supervisor of the ProcessActor, reporting what is escalated to it.</summary>
internal sealed class ServiceSupervisorStandIn : ReceiveActor
{
    private readonly Props _child;
    private readonly IActorRef _probe;

    public ServiceSupervisorStandIn(Props child, IActorRef probe)
    {
        _child = child;
        _probe = probe;
    }

    protected override void PreStart() => Context.ActorOf(_child, "web-1");

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            _probe.Tell(new Escalated(e), Self);
            return Directive.Stop;
        });
}

/// <summary>A probe whose answers the test decides, counting calls and exposing each call's token.</summary>
internal sealed class ScriptedProbe : IHealthProbe
{
    private readonly Func<int, CancellationToken, Task<ProbeResult>> _answer;
    private int _calls;

    public ScriptedProbe(Func<int, CancellationToken, Task<ProbeResult>> answer) => _answer = answer;

    public ScriptedProbe(params bool[] results)
        : this((call, _) => Task.FromResult(call <= results.Length && results[call - 1]
            ? ProbeResult.Pass($"call {call} ok")
            : ProbeResult.Fail($"call {call} failed")))
    {
    }

    public int Calls => Volatile.Read(ref _calls);

    public List<CancellationToken> Tokens { get; } = [];

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        Tokens.Add(cancellationToken);
        return _answer(call, cancellationToken);
    }
}
