using Akka.Actor;

namespace ActorWarden.Benchmarks.Akka;

/// <summary>Counts messages and signals once the expected number arrived; the cheapest possible receiver.</summary>
public sealed class CountingActor : UntypedActor
{
    private readonly Func<int> _expected;
    private readonly Action _done;
    private int _count;

    public CountingActor(Func<int> expected, Action done)
    {
        _expected = expected;
        _done = done;
    }

    protected override void OnReceive(object message)
    {
        if (++_count == _expected())
        {
            _count = 0;
            _done();
        }
    }
}

/// <summary>An actor that does nothing; used to measure the cost of an idle actor.</summary>
public sealed class IdleActor : ReceiveActor
{
    public IdleActor()
    {
        Receive<string>(_ => { });
    }
}
