using ActorWarden.Supervision.Hosting;
using Akka.Actor;
using Xunit.Abstractions;
using AkkaTestKit = Akka.TestKit.Xunit2.TestKit;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>
/// An actor held on a gate while the test fills its mailbox, so the order it then processes in is the
/// mailbox's order and nothing else's.
/// </summary>
public sealed class ControlAwareMailboxTests(ITestOutputHelper output)
    : AkkaTestKit(ControlAwareMailbox.ConfigText + "\nakka.test.single-expect-default = 10s\nakka.loglevel = WARNING", output)
{
    private readonly ManualResetEventSlim _gate = new();

    private sealed record Hold;

    private sealed record Ordinary(int N);

    private sealed record Urgent(int N) : IControlMessage;

    private sealed record Released(int StashedBefore);

    /// <summary>Blocks on the gate for <see cref="Hold"/>, then reports every message it handles.</summary>
    private sealed class GatedActor : ReceiveActor
    {
        public GatedActor(ManualResetEventSlim gate, IActorRef report)
        {
            Receive<Hold>(_ =>
            {
                report.Tell("holding");
                gate.Wait();
            });
            ReceiveAny(report.Tell);
        }
    }

    /// <summary>Stashes ordinary messages until an <see cref="Urgent"/> one arrives, then replays them.</summary>
    private sealed class StashingActor : ReceiveActor, IWithUnboundedStash
    {
        private int _stashed;

        public StashingActor(ManualResetEventSlim gate, IActorRef report)
        {
            Receive<Hold>(_ =>
            {
                report.Tell("holding");
                gate.Wait();
            });
            Receive<Urgent>(u =>
            {
                report.Tell(new Released(_stashed));
                Become(() => ReceiveAny(report.Tell));
                Stash.UnstashAll();
            });
            ReceiveAny(_ =>
            {
                _stashed++;
                Stash.Stash();
            });
        }

        public IStash Stash { get; set; } = null!;
    }

    private IActorRef HeldActor(Props props)
    {
        var actor = Sys.ActorOf(props.WithMailbox(ControlAwareMailbox.ConfigId));
        actor.Tell(new Hold());
        ExpectMsg("holding");
        return actor;
    }

    [Fact]
    public void A_control_message_sent_after_a_hundred_ordinary_ones_is_processed_first_and_the_rest_stay_in_order()
    {
        var actor = HeldActor(Props.Create(() => new GatedActor(_gate, TestActor)));
        for (var i = 0; i < 100; i++)
        {
            actor.Tell(new Ordinary(i));
        }

        actor.Tell(new Urgent(1));
        actor.Tell(new Urgent(2));
        _gate.Set();

        ExpectMsg(new Urgent(1));
        ExpectMsg(new Urgent(2));
        ReceiveN(100).Should().Equal(Enumerable.Range(0, 100).Select(i => (object)new Ordinary(i)));
    }

    [Fact]
    public void An_actor_with_a_stash_gets_the_control_message_before_the_queued_ones_and_replays_its_stash_first()
    {
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor(_gate, TestActor)).WithMailbox(ControlAwareMailbox.ConfigId));
        for (var i = 0; i < 50; i++)
        {
            actor.Tell(new Ordinary(i));
        }

        actor.Tell(new Hold());
        ExpectMsg("holding");
        for (var i = 50; i < 100; i++)
        {
            actor.Tell(new Ordinary(i));
        }

        actor.Tell(new Urgent(1));
        _gate.Set();

        // Only the 50 sent before the hold were stashed: the control message overtook the 50 queued behind it.
        ExpectMsg(new Released(50));
        ReceiveN(100).Should().Equal(Enumerable.Range(0, 100).Select(i => (object)new Ordinary(i)));
    }

    protected override void Dispose(bool disposing)
    {
        _gate.Set();
        base.Dispose(disposing);
        if (disposing)
        {
            _gate.Dispose();
        }
    }
}
