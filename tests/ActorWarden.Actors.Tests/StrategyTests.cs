using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Which children a decision affects, for each strategy.</summary>
public sealed class StrategyTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output)
{
    private (IActorRef Parent, IActorRef[] Children) StartFamily(SupervisorStrategy strategy, params string[] ids)
    {
        var parent = ActorOf(SupervisorActor.Props(strategy, TestActor, "parent"), "parent");
        ExpectMsg(new LifecycleEvent("parent", "PreStart"));
        var children = new List<IActorRef>();
        foreach (var id in ids)
        {
            parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, id), id), TestActor);
            children.Add(ExpectMsg<IActorRef>());
            ExpectMsg(new LifecycleEvent(id, "PreStart"));
        }

        return (parent, children.ToArray());
    }

    private List<LifecycleEvent> Drain()
    {
        RunUntilIdle();
        var events = new List<LifecycleEvent>();
        while (true)
        {
            try
            {
                events.Add(ExpectMsg<LifecycleEvent>(timeout: TimeSpan.Zero));
            }
            catch (Xunit.Sdk.XunitException)
            {
                return events;
            }
        }
    }

    private static IEnumerable<string> Restarted(IEnumerable<LifecycleEvent> events) =>
        events.Where(e => e.Hook == "PostRestart").Select(e => e.Id);

    [Fact]
    public void One_for_one_restarts_only_the_failed_child()
    {
        var (_, children) = StartFamily(new OneForOneStrategy(_ => Directive.Restart), "a", "b", "c");

        children[1].Tell(new Throw(new TestFailure("b failed")));

        Restarted(Drain()).Should().Equal("b");
    }

    [Fact]
    public void All_for_one_restarts_every_child_when_one_fails()
    {
        var (_, children) = StartFamily(new AllForOneStrategy(_ => Directive.Restart), "a", "b", "c");

        children[1].Tell(new Throw(new TestFailure("b failed")));

        Restarted(Drain()).Should().BeEquivalentTo(["a", "b", "c"]);
    }

    [Fact]
    public void All_for_one_stops_every_child_when_the_decision_is_stop()
    {
        var (_, children) = StartFamily(new AllForOneStrategy(_ => Directive.Stop), "a", "b");

        children[0].Tell(new Throw(new TestFailure("a failed")));

        Drain().Where(e => e.Hook == "PostStop").Select(e => e.Id).Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public void All_for_one_resume_resumes_only_the_failed_child()
    {
        var (_, children) = StartFamily(new AllForOneStrategy(_ => Directive.Resume), "a", "b");
        children[1].Tell(new Ping(1), TestActor);
        ExpectMsg(new Ping(1));

        children[0].Tell(new Throw(new TestFailure("a failed")));
        children[1].Tell(new GetCount(), TestActor);

        ExpectMsg(1);
        Drain().Should().BeEmpty();
    }

    [Fact]
    public void Rest_for_one_restarts_the_failed_child_and_the_siblings_created_after_it_in_creation_order()
    {
        var (_, children) = StartFamily(new RestForOneStrategy(_ => Directive.Restart), "first", "second", "third", "fourth");

        children[1].Tell(new Throw(new TestFailure("second failed")));

        Restarted(Drain()).Should().Equal("second", "third", "fourth");
    }

    [Fact]
    public void Rest_for_one_on_the_last_child_restarts_only_that_child()
    {
        var (_, children) = StartFamily(new RestForOneStrategy(_ => Directive.Restart), "first", "second");

        children[1].Tell(new Throw(new TestFailure("second failed")));

        Restarted(Drain()).Should().Equal("second");
    }

    [Fact]
    public void Rest_for_one_stop_stops_the_failed_child_and_the_later_siblings_only()
    {
        var (_, children) = StartFamily(new RestForOneStrategy(_ => Directive.Stop), "first", "second", "third");

        children[1].Tell(new Throw(new TestFailure("second failed")));

        Drain().Where(e => e.Hook == "PostStop").Select(e => e.Id).Should().BeEquivalentTo(["second", "third"]);
        children[0].Tell(new Ping(1), TestActor);
        ExpectMsg(new Ping(1));
    }

    [Fact]
    public void A_strategy_rejects_restart_as_the_retries_exceeded_directive()
    {
        var act = () => new OneForOneStrategy(1, TimeSpan.FromSeconds(1), _ => Directive.Restart, Directive.Restart);

        act.Should().Throw<ArgumentException>().WithMessage("*Stop or Escalate*");
    }
}
