using ActorWarden.Actors;

namespace ActorWarden.TestKit;

/// <summary>
/// Base class for actor tests, shaped like Akka.TestKit: owns an actor system (shut down on dispose), a
/// recording <see cref="TestKitCore.TestActor"/> and expectation helpers. Pass a
/// <see cref="VirtualTimeScheduler"/> to run the whole system deterministically on virtual time.
/// </summary>
public abstract class TestKitBase : TestKitCore, IDisposable
{
    private static int _systemCounter;
    private readonly ITestKitAssertions _assertions;
    private bool _disposed;

    /// <summary>Creates a test system with <paramref name="settings"/> (default: real time, thread pool).</summary>
    protected TestKitBase(ITestKitAssertions assertions, ActorSystemSettings? settings = null, string? systemName = null)
        : this(assertions, CreateSystem(settings ?? ActorSystemSettings.Default, systemName))
    {
    }

    /// <summary>Creates a deterministic test system driven by <paramref name="scheduler"/>.</summary>
    protected TestKitBase(ITestKitAssertions assertions, VirtualTimeScheduler scheduler, ActorSystemSettings? settings = null, string? systemName = null)
        : this(assertions, CreateSystem((settings ?? ActorSystemSettings.Default) with { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic }, systemName))
    {
    }

    private TestKitBase(ITestKitAssertions assertions, (ActorSystem System, MessageQueue Queue, IActorRef Recorder) parts)
        : base(parts.System, assertions, parts.Queue, parts.Recorder)
    {
        _assertions = assertions;
    }

    /// <summary>The scheduler of the system under test.</summary>
    public IScheduler Scheduler => Sys.Scheduler;

    /// <summary>Creates a top-level actor in the system under test.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    /// <summary>Creates an additional recording actor.</summary>
    public TestProbe CreateTestProbe(string? name = null) => TestProbe.Create(Sys, _assertions, name);

    /// <summary>Terminates the system and waits (bounded by <paramref name="timeout"/>, default 10 s) for it to finish.</summary>
    public void Shutdown(TimeSpan? timeout = null)
    {
        var max = timeout ?? TimeSpan.FromSeconds(10);
        var terminated = Sys.Terminate();
        if (!terminated.Wait(max))
        {
            throw _assertions.Fail($"Actor system {Sys.Name} did not terminate within {max.TotalSeconds:0} s (an actor is stuck in PostStop or a handler).");
        }
    }

    /// <summary>Shuts the system down.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Shuts the system down once.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        Shutdown();
    }

    private static (ActorSystem, MessageQueue, IActorRef) CreateSystem(ActorSystemSettings settings, string? systemName)
    {
        var system = ActorSystem.Create(systemName ?? $"test-{Interlocked.Increment(ref _systemCounter)}", settings);
        var queue = new MessageQueue();
        var recorder = system.ActorOf(Props.Create(() => new RecordingActor(queue)), "testActor");
        return (system, queue, recorder);
    }
}
