using ActorWarden.Actors.Tests.Support;
using Serilog.Core;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Control messages overtake an actor's ordinary backlog, and keep their own order.</summary>
public sealed class ControlAwareMailboxTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(output)
{
    [Fact]
    public void Control_messages_are_taken_before_a_queued_backlog_in_arrival_order()
    {
        using var gate = new ManualResetEventSlim(false);
        var recorder = ActorOf(Props.Create(() => new GatedRecorder(gate)));
        recorder.Tell("block", TestActor);
        ExpectMsg("blocked");

        for (var i = 0; i < 1000; i++)
        {
            recorder.Tell(new Ping(i), TestActor);
        }

        recorder.Tell(new Urgent(1), TestActor);
        recorder.Tell(new Urgent(2), TestActor);
        recorder.Tell(new Urgent(3), TestActor);
        gate.Set();

        var order = ReceiveN(1003).ToList();
        order.Take(3).Should().Equal(new Urgent(1), new Urgent(2), new Urgent(3));
        order.Skip(3).Cast<Ping>().Select(p => p.N).Should().Equal(Enumerable.Range(0, 1000));
    }

    [Fact]
    public void Under_the_deterministic_dispatcher_control_messages_also_overtake_the_backlog()
    {
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("control", new ActorSystemSettings { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic, Logger = Logger.None });
        var log = new CollectingRef();
        var recorder = system.ActorOf(Props.Create(() => new GatedRecorder(null)));
        recorder.Tell(new Ping(0), log);
        recorder.Tell(new Ping(1), log);
        recorder.Tell(new Urgent(9), log);
        scheduler.RunUntilIdle();

        log.Messages.Should().Equal(new Urgent(9), new Ping(0), new Ping(1));
        system.Terminate().IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void A_control_message_to_a_stopped_actor_is_a_dead_letter()
    {
        var recorder = ActorOf(Props.Create(() => new GatedRecorder(null)));
        Watch(recorder);
        Sys.Stop(recorder);
        ExpectTerminated(recorder);
        var before = Sys.DeadLetterCount;

        recorder.Tell(new Urgent(1), TestActor);

        Sys.DeadLetterCount.Should().Be(before + 1);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private sealed record Urgent(int N) : IControlMessage;

    private sealed class GatedRecorder : ReceiveActor
    {
        public GatedRecorder(ManualResetEventSlim? gate)
        {
            Receive<string>(_ =>
            {
                Sender.Tell("blocked");
                gate!.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
            });
            ReceiveAny(message => Sender.Tell(message));
        }
    }
}
