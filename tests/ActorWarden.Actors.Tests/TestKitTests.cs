using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorWarden.Actors.Tests;

/// <summary>The TestKit's own expectations fail when they should (so kernel tests built on them can fail).</summary>
public sealed class TestKitTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(output)
{
    [Fact]
    public void Expect_msg_fails_with_a_timeout_message_when_nothing_arrives()
    {
        var act = () => ExpectMsg<string>(timeout: TimeSpan.FromMilliseconds(50));

        act.Should().Throw<XunitException>().WithMessage("*Timeout*String*/user/testActor*");
    }

    [Fact]
    public void Expect_msg_fails_when_the_message_has_the_wrong_type_or_fails_the_predicate()
    {
        TestActor.Tell(42);
        TestActor.Tell("text");

        var wrongType = () => ExpectMsg<string>();
        var wrongValue = () => ExpectMsg<string>(s => s == "other");

        wrongType.Should().Throw<XunitException>().WithMessage("*String*42*");
        wrongValue.Should().Throw<XunitException>().WithMessage("*text*did not match*");
    }

    [Fact]
    public void Expect_no_msg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise");

        var act = () => ExpectNoMsg(TimeSpan.FromSeconds(5));

        act.Should().Throw<XunitException>().WithMessage("*surprise*");
    }

    [Fact]
    public void Fish_for_message_skips_until_the_predicate_matches_and_fails_when_nothing_matches()
    {
        for (var i = 0; i < 5; i++)
        {
            TestActor.Tell(new Ping(i));
        }

        FishForMessage<Ping>(p => p.N == 3).Should().Be(new Ping(3));
        var act = () => FishForMessage<Ping>(p => p.N == 99, TimeSpan.FromMilliseconds(50));
        act.Should().Throw<XunitException>().WithMessage("*Ping { N = 4 }*");
    }

    [Fact]
    public void Within_fails_when_the_block_takes_longer_than_allowed()
    {
        var echo = ActorOf(Props.Create<EchoActor>());

        Within(TimeSpan.FromSeconds(2), () =>
        {
            echo.Tell("quick", TestActor);
            ExpectMsg("quick");
        });
        var act = () => Within(TimeSpan.FromMilliseconds(30), () => ExpectNoMsg(TimeSpan.FromMilliseconds(100)));

        act.Should().Throw<XunitException>().WithMessage("*expected between*");
    }

    [Fact]
    public void Await_assert_retries_until_the_assertion_holds_and_rethrows_the_last_failure_otherwise()
    {
        var counter = 0;

        AwaitAssert(() => (++counter).Should().BeGreaterThan(3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(1));
        var act = () => AwaitAssert(() => false.Should().BeTrue("it never becomes true"), TimeSpan.FromMilliseconds(50));

        counter.Should().Be(4);
        act.Should().Throw<XunitException>().WithMessage("*never becomes true*");
    }

    [Fact]
    public void Await_condition_fails_with_the_given_message_when_the_condition_stays_false()
    {
        var act = () => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), message: "pigs fly");

        act.Should().Throw<XunitException>().WithMessage("*pigs fly*");
    }

    [Fact]
    public void Probes_receive_independently_and_reply_to_the_last_sender()
    {
        var probe = CreateTestProbe("probe");
        var echo = ActorOf(Props.Create<EchoActor>());

        probe.Send(echo, "via probe");
        probe.ExpectMsg("via probe");
        probe.LastSender.Should().Be(echo);
        probe.Reply("back");

        ExpectNoMsg();
        probe.Ref.Path.ToString().Should().Be("/user/probe");
    }
}

/// <summary>The TestKit on virtual time: expectations run the system until idle and never wait.</summary>
public sealed class VirtualTimeTestKitTests : TestKit.Xunit2.TestKit
{
    private readonly VirtualTimeScheduler _time;

    public VirtualTimeTestKitTests(ITestOutputHelper output)
        : this(new VirtualTimeScheduler(), output)
    {
    }

    private VirtualTimeTestKitTests(VirtualTimeScheduler time, ITestOutputHelper output)
        : base(time, output)
    {
        _time = time;
    }

    [Fact]
    public void A_scheduled_message_arrives_only_after_virtual_time_is_advanced()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromHours(1), TestActor, "an hour later", null);

        ExpectNoMsg();
        _time.Advance(TimeSpan.FromMinutes(59));
        ExpectNoMsg();
        _time.Advance(TimeSpan.FromMinutes(1));

        ExpectMsg("an hour later");
        Scheduler.UtcNow.Should().Be(new DateTimeOffset(2020, 1, 1, 1, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_missing_message_fails_immediately_and_says_the_system_is_idle()
    {
        var act = () => ExpectMsg<string>(timeout: TimeSpan.FromMinutes(10));

        act.Should().Throw<XunitException>().WithMessage("*idle at virtual time*");
    }
}

/// <summary>
/// Measures the whole process's managed heap, so it must not share the process with tests that allocate
/// at the same moment: its collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(IdleActorMemoryTests), DisableParallelization = true)]
public sealed class IdleActorMemoryCollection
{
}

[Collection(nameof(IdleActorMemoryTests))]
public sealed class IdleActorMemoryTests
{
    [Fact]
    public async Task An_idle_actor_retains_at_most_one_kilobyte_of_managed_heap()
    {
        const int actors = 20_000;
        var system = ActorSystem.Create("memory", new ActorSystemSettings { Logger = Serilog.Core.Logger.None });
        try
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var refs = new IActorRef[actors];
            var props = Props.Create<IdleActor>();
            for (var i = 0; i < actors; i++)
            {
                refs[i] = system.ActorOf(props);
            }

            await refs[^1].Ask<string>("ready?", TimeSpan.FromSeconds(10));
            while (system.MailboxDepth > 0)
            {
                await Task.Yield();
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);
            var perActor = (after - before - (actors * (long)IntPtr.Size)) / (double)actors;
            GC.KeepAlive(refs);

            Console.WriteLine($"Retained bytes per idle actor: {perActor:0}");
            perActor.Should().BeLessThanOrEqualTo(1024, "the bar is 1 KB of managed heap per idle actor (measured {0:0} B)", perActor);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor()
        {
            Receive<string>(s => Sender.Tell(s));
        }
    }
}
