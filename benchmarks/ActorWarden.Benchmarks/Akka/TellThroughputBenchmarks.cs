using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorWarden.Benchmarks.Akka;

/// <summary>
/// Messages per second into one actor: one sender (one-to-one burst) and several concurrent senders (fan-in).
/// Each invocation sends <see cref="Messages"/> messages and waits until the actor has processed all of them.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AkkaBenchmarkConfig))]
public class TellThroughputBenchmarks
{
    private const int Messages = 1_000_000;
    private static readonly object Payload = new();
    private readonly ManualResetEventSlim _done = new(false);
    private ActorSystem _system = null!;
    private IActorRef _counter = null!;

    [Params(1, 4)]
    public int Senders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-tell", "akka.loglevel = OFF, akka.stdout-loglevel = OFF");
        _counter = _system.ActorOf(Props.Create(() => new CountingActor(() => Messages, () => _done.Set())), "counter");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Benchmark(OperationsPerInvoke = Messages)]
    public void Tell()
    {
        _done.Reset();
        if (Senders == 1)
        {
            Send(Messages);
        }
        else
        {
            var perSender = Messages / Senders;
            var threads = new Thread[Senders];
            for (var i = 0; i < Senders; i++)
            {
                threads[i] = new Thread(() => Send(perSender));
                threads[i].Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }
        }

        if (!_done.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The counting actor did not receive every message within 60 s.");
        }
    }

    private void Send(int count)
    {
        var target = _counter;
        for (var i = 0; i < count; i++)
        {
            target.Tell(Payload);
        }
    }
}
