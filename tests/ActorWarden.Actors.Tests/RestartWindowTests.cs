using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Restart intensity on virtual time: counts per child inside a window, then Stop or Escalate.</summary>
public sealed class RestartWindowTests : TestKit.Xunit2.TestKit
{
    private readonly VirtualTimeScheduler _time;

    public RestartWindowTests(ITestOutputHelper output)
        : this(new VirtualTimeScheduler(), output)
    {
    }

    private RestartWindowTests(VirtualTimeScheduler time, ITestOutputHelper output)
        : base(time, output)
    {
        _time = time;
    }

    private IActorRef StartChild(SupervisorStrategy strategy)
    {
        var parent = ActorOf(SupervisorActor.Props(strategy, TestActor, "parent"), "parent");
        ExpectMsg(new LifecycleEvent("parent", "PreStart"));
        parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, "child"), "child"), TestActor);
        var child = ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent("child", "PreStart"));
        return child;
    }

    private void FailAndExpectRestart(IActorRef child)
    {
        child.Tell(new Throw(new TestFailure("crash")));
        FishForMessage<LifecycleEvent>(e => e is { Id: "child", Hook: "PreStart" });
    }

    [Fact]
    public void A_child_that_fails_more_often_than_allowed_within_the_window_is_stopped()
    {
        var child = StartChild(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(child);

        FailAndExpectRestart(child);
        _time.Advance(TimeSpan.FromSeconds(1));
        FailAndExpectRestart(child);
        _time.Advance(TimeSpan.FromSeconds(1));
        child.Tell(new Throw(new TestFailure("third strike")));

        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_restart_forever()
    {
        var child = StartChild(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart));

        for (var i = 0; i < 10; i++)
        {
            FailAndExpectRestart(child);
            _time.Advance(TimeSpan.FromSeconds(11));
        }

        child.Tell(new Ping(1), TestActor);
        ExpectMsg(new Ping(1));
    }

    [Fact]
    public void The_window_restarts_counting_after_it_expires()
    {
        var child = StartChild(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(child);

        FailAndExpectRestart(child);
        FailAndExpectRestart(child);
        _time.Advance(TimeSpan.FromSeconds(10.5));
        FailAndExpectRestart(child);
        FailAndExpectRestart(child);
        child.Tell(new Throw(new TestFailure("now too many")));

        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Zero_retries_stops_on_the_first_failure()
    {
        var child = StartChild(new OneForOneStrategy(0, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(child);

        child.Tell(new Throw(new TestFailure("once")));

        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Retries_without_a_window_are_counted_over_the_childs_lifetime()
    {
        var child = StartChild(new OneForOneStrategy(1, null, _ => Directive.Restart));
        Watch(child);

        FailAndExpectRestart(child);
        _time.Advance(TimeSpan.FromDays(1));
        child.Tell(new Throw(new TestFailure("second, a day later")));

        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Retries_exceeded_with_escalate_fails_the_parent_instead_of_stopping_the_child()
    {
        var child = StartChild(new OneForOneStrategy(1, TimeSpan.FromSeconds(10), _ => Directive.Restart, Directive.Escalate));

        FailAndExpectRestart(child);
        child.Tell(new Throw(new TestFailure("intensity exceeded")));

        // The user guardian restarts the parent (default strategy); the parent's restart stops the child.
        FishForMessage<LifecycleEvent>(e => e is { Id: "parent", Hook: "PostRestart", Detail: "intensity exceeded" });
    }

    [Fact]
    public void Restart_counts_are_kept_per_child()
    {
        var parent = ActorOf(SupervisorActor.Props(new OneForOneStrategy(1, TimeSpan.FromSeconds(10), _ => Directive.Restart), TestActor, "parent"), "parent");
        ExpectMsg<LifecycleEvent>();
        parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, "a"), "a"), TestActor);
        var a = ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent("a", "PreStart"));
        parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, "b"), "b"), TestActor);
        var b = ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent("b", "PreStart"));

        a.Tell(new Throw(new TestFailure("a")));
        b.Tell(new Throw(new TestFailure("b")));
        RunUntilIdle();

        a.Tell(new Ping(1), TestActor);
        b.Tell(new Ping(2), TestActor);
        FishForMessage<Ping>(p => p.N == 1);
        FishForMessage<Ping>(p => p.N == 2);
    }
}
