using ActorWarden.Actors;

namespace ActorWarden.TestKit;

/// <summary>An extra recording actor with its own expectations, for tests that need several observers.</summary>
public sealed class TestProbe : TestKitCore
{
    private TestProbe(ActorSystem system, ITestKitAssertions assertions, MessageQueue queue, IActorRef recorder)
        : base(system, assertions, queue, recorder)
    {
    }

    /// <summary>The probe's reference (same as <see cref="TestKitCore.TestActor"/>).</summary>
    public IActorRef Ref => TestActor;

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to the sender of the last received message.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    internal static TestProbe Create(ActorSystem system, ITestKitAssertions assertions, string? name)
    {
        var queue = new MessageQueue();
        var recorder = system.ActorOf(Props.Create(() => new RecordingActor(queue)), name);
        return new TestProbe(system, assertions, queue, recorder);
    }
}
