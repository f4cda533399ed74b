using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Failures travelling up the tree, up to the user guardian and out of the system.</summary>
public sealed class EscalationTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output)
{
    [Fact]
    public void An_escalation_chain_three_levels_deep_is_decided_by_the_first_supervisor_that_does_not_escalate()
    {
        var escalate = new OneForOneStrategy(_ => Directive.Escalate);
        var top = ActorOf(SupervisorActor.Props(new OneForOneStrategy(_ => Directive.Restart), TestActor, "top"), "top");
        top.Tell(new CreateChild(SupervisorActor.Props(escalate, TestActor, "middle"), "middle"), TestActor);
        var middle = FishForMessage<IActorRef>(_ => true);
        middle.Tell(new CreateChild(SupervisorActor.Props(escalate, TestActor, "bottom"), "bottom"), TestActor);
        var bottom = FishForMessage<IActorRef>(_ => true);
        bottom.Tell(new CreateChild(LifecycleActor.Props(TestActor, "leaf"), "leaf"), TestActor);
        var leaf = FishForMessage<IActorRef>(_ => true);
        RunUntilIdle();
        FishForMessage<LifecycleEvent>(e => e is { Id: "leaf", Hook: "PreStart" });

        leaf.Tell(new Throw(new TestFailure("deep")));

        // leaf -> bottom (escalate) -> middle (escalate) -> top restarts middle, which stops bottom and leaf.
        var events = new List<LifecycleEvent>();
        RunUntilIdle();
        events.Add(FishForMessage<LifecycleEvent>(e => e is { Id: "middle", Hook: "PostRestart" }));
        events[0].Detail.Should().Be("deep");
        Sys.TerminationFailure.Should().BeNull();
        top.Tell(new LookupChild("middle"), TestActor);
        FishForMessage<IActorRef>(_ => true).Should().Be(middle);
        middle.Tell(new LookupChild("bottom"), TestActor);
        FishForMessage<IActorRef>(_ => true).Should().Be(ActorRefs.Nobody);
    }

    [Fact]
    public void A_restarted_supervisor_runs_its_post_stop_for_children_before_its_own_restart_completes()
    {
        var top = ActorOf(SupervisorActor.Props(new OneForOneStrategy(_ => Directive.Restart), TestActor, "top"), "top");
        ExpectMsg(new LifecycleEvent("top", "PreStart"));
        top.Tell(new CreateChild(LifecycleActor.Props(TestActor, "kid"), "kid"), TestActor);
        ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent("kid", "PreStart"));

        top.Tell(new Throw(new TestFailure("top failed")));

        // As in Akka: PreRestart stops the children (asynchronously) and runs PostStop; the restart itself
        // completes only once the children have terminated.
        ExpectMsg(new LifecycleEvent("top", "PostStop"));
        ExpectMsg(new LifecycleEvent("kid", "PostStop"));
        ExpectMsg(new LifecycleEvent("top", "PostRestart", "top failed"));
        ExpectMsg(new LifecycleEvent("top", "PreStart"));
    }
}

/// <summary>The user guardian's strategy is configurable; when it escalates the whole system ends with a failure.</summary>
public sealed class GuardianEscalationTests(ITestOutputHelper output)
    : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output, new ActorSystemSettings { UserGuardianStrategy = new OneForOneStrategy(_ => Directive.Escalate) })
{
    [Fact]
    public async Task User_guardian_escalation_terminates_the_system_with_the_failure_as_termination_failure()
    {
        var log = new CollectingRef();
        var top = ActorOf(LifecycleActor.Props(log, "top"), "top");
        top.Tell(new CreateChild(LifecycleActor.Props(log, "child"), "child"));
        RunUntilIdle();
        var failure = new TestFailure("fatal for the whole warden");

        top.Tell(new Throw(failure));
        RunUntilIdle();

        Sys.WhenTerminated.IsCompleted.Should().BeTrue();
        await Sys.WhenTerminated;
        Sys.TerminationFailure.Should().BeSameAs(failure);
        log.Messages.OfType<LifecycleEvent>().Where(e => e.Hook == "PostStop").Select(e => e.Id).Should().Equal("child", "top");
    }
}

/// <summary>Retries exceeded at the top level with an escalating guardian strategy also ends the system.</summary>
public sealed class GuardianIntensityTests(ITestOutputHelper output)
    : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output, new ActorSystemSettings
    {
        UserGuardianStrategy = new OneForOneStrategy(1, TimeSpan.FromMinutes(1), _ => Directive.Restart, Directive.Escalate),
    })
{
    [Fact]
    public void A_top_level_actor_exceeding_the_guardian_intensity_terminates_the_system_with_a_failure()
    {
        var top = ActorOf(LifecycleActor.Props(TestActor, "top"), "top");
        ExpectMsg(new LifecycleEvent("top", "PreStart"));

        top.Tell(new Throw(new TestFailure("first")));
        FishForMessage<LifecycleEvent>(e => e is { Id: "top", Hook: "PreStart" });
        top.Tell(new Throw(new TestFailure("second")));
        RunUntilIdle();

        Sys.WhenTerminated.IsCompleted.Should().BeTrue();
        Sys.TerminationFailure.Should().BeOfType<TestFailure>().Which.Message.Should().Be("second");
    }
}
