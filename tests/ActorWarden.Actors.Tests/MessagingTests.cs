using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Delivery guarantees and behaviours on the real thread-pool dispatcher.</summary>
public sealed class MessagingTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(output)
{
    public static TheoryData<int> FiftyRuns()
    {
        var data = new TheoryData<int>();
        for (var run = 1; run <= 50; run++)
        {
            data.Add(run);
        }

        return data;
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_the_order_they_were_sent()
    {
        var echo = ActorOf(Props.Create<EchoActor>());

        for (var i = 0; i < 1000; i++)
        {
            echo.Tell(new Ping(i), TestActor);
        }

        ReceiveN(1000).Cast<Ping>().Select(p => p.N).Should().Equal(Enumerable.Range(0, 1000));
    }

    [Theory]
    [MemberData(nameof(FiftyRuns))]
    public async Task Many_concurrent_senders_lose_no_message_and_keep_per_sender_order(int run)
    {
        const int senders = 8;
        const int perSender = 2_000;
        var collector = ActorOf(Props.Create(() => new OrderCheckingActor(senders * perSender)), $"collector-{run}");

        var tasks = Enumerable.Range(0, senders).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                collector.Tell(new Stamped(sender, i));
            }
        }));
        await Task.WhenAll(tasks);

        var result = await collector.Ask<OrderReport>(new GetCount(), TimeSpan.FromSeconds(10));
        result.Should().Be(new OrderReport(senders * perSender, OutOfOrder: 0));
    }

    [Fact]
    public void Telling_a_stopped_actor_sends_the_message_to_dead_letters_without_throwing()
    {
        var echo = ActorOf(Props.Create<EchoActor>(), "gone");
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);
        var before = Sys.DeadLetterCount;

        var act = () =>
        {
            for (var i = 0; i < 100; i++)
            {
                echo.Tell(new Ping(i), TestActor);
            }
        };

        act.Should().NotThrow();
        Sys.DeadLetterCount.Should().Be(before + 100);
        ExpectNoMsg();
    }

    [Fact]
    public void Become_replaces_the_behaviour_and_unbecome_stacked_returns_to_the_previous_one()
    {
        var switcher = ActorOf(Props.Create<SwitchingActor>());

        switcher.Tell("who", TestActor);
        ExpectMsg("calm");
        switcher.Tell("anger", TestActor);
        switcher.Tell("who", TestActor);
        ExpectMsg("angry");
        switcher.Tell("calm down", TestActor);
        switcher.Tell("who", TestActor);
        ExpectMsg("calm");
    }

    [Fact]
    public void Stashed_messages_are_replayed_in_order_before_newer_messages()
    {
        var gate = ActorOf(Props.Create<GateActor>());

        gate.Tell(new Ping(1), TestActor);
        gate.Tell(new Ping(2), TestActor);
        gate.Tell("open", TestActor);
        gate.Tell(new Ping(3), TestActor);

        ExpectMsg(new Ping(1));
        ExpectMsg(new Ping(2));
        ExpectMsg(new Ping(3));
    }

    [Fact]
    public void An_async_handler_does_not_let_other_messages_interleave()
    {
        var actor = ActorOf(Props.Create<AsyncRecorderActor>());

        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("c", TestActor);

        ReceiveN(6).Should().Equal("start a", "end a", "start b", "end b", "start c", "end c");
    }

    [Fact]
    public void An_async_handler_sees_its_own_sender_after_awaiting()
    {
        var actor = ActorOf(Props.Create<AsyncRecorderActor>());
        var probe = CreateTestProbe();

        actor.Tell("x", probe.Ref);

        probe.ExpectMsg("start x");
        probe.ExpectMsg("end x");
    }

    [Fact]
    public void An_async_handler_that_faults_is_handled_by_the_supervisor_like_a_synchronous_failure()
    {
        var actor = ActorOf(Props.Create<AsyncRecorderActor>());
        Watch(actor);

        actor.Tell("fail", TestActor);
        ExpectMsg("start fail");
        actor.Tell("after", TestActor);

        // Default strategy: restart; the next message is processed by the new instance.
        ExpectMsg("start after");
        ExpectMsg("end after");
    }

    [Fact]
    public void Receive_timeout_fires_after_inactivity_and_can_be_cleared()
    {
        var actor = ActorOf(Props.Create(() => new TimeoutActor(TestActor)));

        ExpectMsg("timeout", TimeSpan.FromSeconds(2));
        actor.Tell("clear");
        ExpectMsg("cleared");
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Unhandled_messages_are_dropped_without_failing_the_actor()
    {
        var actor = ActorOf(Props.Create<SwitchingActor>());

        actor.Tell(42, TestActor);
        actor.Tell("who", TestActor);

        ExpectMsg("calm");
    }

    [Fact]
    public void A_null_message_is_rejected_with_the_target_path()
    {
        var actor = ActorOf(Props.Create<EchoActor>(), "target");

        var act = () => actor.Tell(null!);

        act.Should().Throw<ArgumentNullException>().WithMessage("*/user/target*");
    }

    private sealed record Stamped(int Sender, int Sequence);

    private sealed record OrderReport(int Received, int OutOfOrder);

    private sealed class OrderCheckingActor : ReceiveActor
    {
        private readonly Dictionary<int, int> _last = new();
        private int _received;
        private int _outOfOrder;

        public OrderCheckingActor(int expected)
        {
            Receive<Stamped>(s =>
            {
                _received++;
                if (_last.TryGetValue(s.Sender, out var previous) && previous + 1 != s.Sequence)
                {
                    _outOfOrder++;
                }

                _last[s.Sender] = s.Sequence;
            });
            Receive<GetCount>(_ => Sender.Tell(new OrderReport(_received, _outOfOrder)));
        }
    }

    private sealed class SwitchingActor : ReceiveActor
    {
        public SwitchingActor()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("calm"));
            Receive<string>(s => s == "anger", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "who", _ => Sender.Tell("angry"));
                Receive<string>(s => s == "calm down", _ => UnbecomeStacked());
            }));
        }
    }

    private sealed class GateActor : ReceiveActor, IWithUnboundedStash
    {
        public GateActor()
        {
            Receive<Ping>(_ => Stash.Stash());
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<Ping>(p => Sender.Tell(p)));
                Stash.UnstashAll();
            });
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class AsyncRecorderActor : ReceiveActor
    {
        public AsyncRecorderActor()
        {
            ReceiveAsync<string>(async s =>
            {
                Sender.Tell($"start {s}");
                await Task.Delay(20);
                if (s == "fail")
                {
                    throw new TestFailure("async failure");
                }

                await Task.Yield();
                Sender.Tell($"end {s}");
            });
        }
    }

    private sealed class TimeoutActor : ReceiveActor
    {
        public TimeoutActor(IActorRef probe)
        {
            Context.SetReceiveTimeout(TimeSpan.FromMilliseconds(100));
            Receive<ReceiveTimeout>(_ => probe.Tell("timeout"));
            Receive<string>(s => s == "clear", _ =>
            {
                Context.SetReceiveTimeout(null);
                probe.Tell("cleared");
            });
        }
    }
}
