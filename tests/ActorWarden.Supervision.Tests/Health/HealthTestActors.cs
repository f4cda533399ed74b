using System.Collections.Concurrent;
using ActorWarden.Actors;
using ActorWarden.Supervision.Health;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>What the stand-ins for the ProcessActor and the ServiceSupervisor observed.</summary>
internal sealed class HealthRecorder
{
    public ConcurrentQueue<HealthChanged> Changes { get; } = new();

    public ConcurrentQueue<Exception> Failures { get; } = new();

    public ConcurrentQueue<Exception> Escalations { get; } = new();
}

/// <summary>
/// Stands in for the ProcessActor: creates the health check as its child, records every
/// <see cref="HealthChanged"/>, and supervises the child with a strategy that records the failure and
/// applies <c>directive</c> (Escalate, as the real ProcessActor does, hands it to its own parent).
/// </summary>
internal sealed class ProcessActorStandIn : ReceiveActor
{
    private readonly Props _child;
    private readonly HealthRecorder _recorder;
    private readonly Directive _directive;

    public ProcessActorStandIn(Props child, HealthRecorder recorder, Directive directive)
    {
        _child = child;
        _recorder = recorder;
        _directive = directive;
        Receive<HealthChanged>(changed => _recorder.Changes.Enqueue(changed));
    }

    protected override void PreStart() => Context.ActorOf(_child, "health");

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            _recorder.Failures.Enqueue(e);
            return _directive;
        });
}

/// <summary>Stands in for the ServiceSupervisor: the supervisor of the ProcessActor, recording what was escalated to it.</summary>
internal sealed class ServiceSupervisorStandIn : ReceiveActor
{
    private readonly Props _child;
    private readonly HealthRecorder _recorder;

    public ServiceSupervisorStandIn(Props child, HealthRecorder recorder)
    {
        _child = child;
        _recorder = recorder;
        ReceiveAny(_ => { });
    }

    protected override void PreStart() => Context.ActorOf(_child, "web-1");

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            _recorder.Escalations.Enqueue(e);
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
