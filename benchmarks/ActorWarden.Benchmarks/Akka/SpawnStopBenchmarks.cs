using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorWarden.Benchmarks.Akka;

/// <summary>
/// Creating and stopping 100,000 actors: a parent spawns them (each runs PreStart on the thread pool), then
/// the parent is stopped, which stops every child first. The time covers both halves, until the parent's
/// termination is confirmed.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AkkaBenchmarkConfig))]
public class SpawnStopBenchmarks
{
    public const int Actors = 100_000;
    private ActorSystem _system = null!;

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench-spawn", "akka.loglevel = OFF, akka.stdout-loglevel = OFF");

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait(TimeSpan.FromSeconds(30));

    [Benchmark(OperationsPerInvoke = Actors)]
    public void SpawnAndStop()
    {
        var spawned = new ManualResetEventSlim(false);
        var parent = _system.ActorOf(Props.Create(() => new SpawnerActor(Actors, spawned)));
        parent.Tell("spawn");
        if (!spawned.Wait(TimeSpan.FromSeconds(60)) || !parent.GracefulStop(TimeSpan.FromSeconds(60)).Result)
        {
            throw new TimeoutException("Spawning or stopping 100,000 actors did not finish within 60 s.");
        }
    }

    private sealed class SpawnerActor(int count, ManualResetEventSlim spawned) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var props = Props.Create<IdleActor>();
            for (var i = 0; i < count; i++)
            {
                Context.ActorOf(props);
            }

            spawned.Set();
        }
    }
}
