using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorWarden.Benchmarks.Akka;

/// <summary>
/// Managed heap retained per idle actor (started, empty mailbox): the heap after a full GC with 100,000 idle
/// actors alive, minus the heap before, divided by the count. Reported through the "RetainedBytesPerActor"
/// line the setup prints, and as allocation per actor by the memory diagnoser.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AkkaBenchmarkConfig))]
public class IdleActorMemoryBenchmarks
{
    private const int Actors = 100_000;
    private ActorSystem _system = null!;

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench-memory", "akka.loglevel = OFF, akka.stdout-loglevel = OFF");

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait(TimeSpan.FromSeconds(30));

    /// <summary>Measures retained bytes per idle actor; used by the benchmark.</summary>
    public static double MeasureRetainedBytesPerActor(ActorSystem system, int actors)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var refs = new IActorRef[actors];
        var props = Props.Create<IdleActor>();
        for (var i = 0; i < actors; i++)
        {
            refs[i] = system.ActorOf(props);
        }

        // Every actor has processed its creation once it answers an Identify; the replies are garbage by the next full collection.
        Task.WaitAll(refs.Select(r => r.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(60))).ToArray());

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perActor = (after - before - (actors * (long)IntPtr.Size)) / (double)actors;
        foreach (var actor in refs)
        {
            system.Stop(actor);
        }

        GC.KeepAlive(refs);
        return perActor;
    }

    [Benchmark(OperationsPerInvoke = Actors)]
    public double CreateIdleActors()
    {
        var perActor = MeasureRetainedBytesPerActor(_system, Actors);
        Console.WriteLine($"// RetainedBytesPerActor: {perActor:0}");
        return perActor;
    }
}
