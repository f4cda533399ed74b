using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Hook failures and stops that race with restarts.</summary>
public sealed class LifecycleTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output)
{
    [Fact]
    public void An_exception_in_pre_start_is_an_initialization_failure_and_the_default_decider_stops_the_actor()
    {
        var failures = new List<Exception>();
        var parent = ActorOf(SupervisorActor.Props(new CapturingStrategy(failures), TestActor, "parent"), "parent");
        ExpectMsg<LifecycleEvent>();
        parent.Tell(new CreateChild(Props.Create(() => new FailingHooksActor(TestActor, failInPreStart: true, failInPostStop: false)), "bad"), TestActor);
        var bad = ExpectMsg<IActorRef>();
        Watch(bad);

        ExpectTerminated(bad);

        failures.Should().ContainSingle().Which.Should().BeOfType<ActorInitializationException>()
            .Which.Message.Should().Contain("/user/parent/bad");
    }

    [Fact]
    public void An_exception_in_post_stop_is_logged_and_the_actor_still_terminates()
    {
        var actor = ActorOf(Props.Create(() => new FailingHooksActor(TestActor, failInPreStart: false, failInPostStop: true)), "bad-stop");
        ExpectMsg("started");
        Watch(actor);

        Sys.Stop(actor);

        ExpectMsg("stopping");
        ExpectTerminated(actor);
    }

    [Fact]
    public void An_exception_in_the_constructor_during_restart_stops_the_actor_with_a_post_restart_exception()
    {
        var failures = new List<Exception>();
        var attempts = 0;
        var parent = ActorOf(SupervisorActor.Props(new CapturingStrategy(failures), TestActor, "parent"), "parent");
        ExpectMsg<LifecycleEvent>();
        parent.Tell(new CreateChild(Props.Create(() => ++attempts == 1 ? new LifecycleActor(TestActor, "flaky") : throw new TestFailure("ctor broke")), "flaky"), TestActor);
        var flaky = ExpectMsg<IActorRef>();
        ExpectMsg<LifecycleEvent>();
        Watch(flaky);

        flaky.Tell(new Throw(new TestFailure("first")));

        FishForMessage<Terminated>(t => t.ActorRef.Equals(flaky));
        failures.Should().HaveCount(2);
        failures[1].Should().BeOfType<PostRestartException>().Which.OriginalCause.Message.Should().Be("first");
    }

    [Fact]
    public void Stopping_an_actor_while_its_restart_waits_for_its_children_stops_it_for_good()
    {
        var failures = new List<Exception>();
        var parent = ActorOf(SupervisorActor.Props(new CapturingStrategy(failures, stopRightAfterRestart: true), TestActor, "parent"), "parent");
        ExpectMsg<LifecycleEvent>();
        parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, "mid"), "mid"), TestActor);
        var mid = ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent("mid", "PreStart"));
        mid.Tell(new CreateChild(LifecycleActor.Props(TestActor, "grandchild"), "grandchild"), TestActor);
        ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent("grandchild", "PreStart"));
        Watch(mid);

        // mid receives Recreate (its restart then waits for "grandchild" to stop) and, right behind it, Terminate.
        mid.Tell(new Throw(new TestFailure("restart me")));

        ExpectMsg(new LifecycleEvent("mid", "PreRestart", "restart me|Throw"));
        ExpectMsg(new LifecycleEvent("mid", "PostStop"));
        ExpectMsg(new LifecycleEvent("grandchild", "PostStop"));
        ExpectTerminated(mid);
        ExpectNoMsg();
        failures.Should().ContainSingle();
    }

    [Fact]
    public void A_stopped_parent_stops_its_children_first()
    {
        var log = new CollectingRef();
        var parent = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy, log, "parent"), "parent");
        parent.Tell(new CreateChild(LifecycleActor.Props(log, "a"), "a"));
        parent.Tell(new CreateChild(LifecycleActor.Props(log, "b"), "b"));
        RunUntilIdle();
        Watch(parent);

        Sys.Stop(parent);

        ExpectTerminated(parent);
        var stops = log.Messages.OfType<LifecycleEvent>().Where(e => e.Hook == "PostStop").Select(e => e.Id).ToList();
        stops.Should().HaveCount(3);
        stops[^1].Should().Be("parent");
    }

    [Fact]
    public void A_child_name_becomes_free_again_once_the_child_has_terminated()
    {
        var parent = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy, TestActor, "parent"), "parent");
        ExpectMsg<LifecycleEvent>();
        parent.Tell(new CreateChild(Props.Create<EchoActor>(), "worker"), TestActor);
        var worker = ExpectMsg<IActorRef>();
        Watch(worker);
        Sys.Stop(worker);
        ExpectTerminated(worker);

        parent.Tell(new CreateChild(Props.Create<EchoActor>(), "worker"), TestActor);

        ExpectMsg<IActorRef>().Path.Should().Be(worker.Path);
    }

    /// <summary>Default decider; records causes and can stop the child right after ordering its restart.</summary>
    private sealed class CapturingStrategy(List<Exception> failures, bool stopRightAfterRestart = false)
        : SupervisorStrategy(-1, null, null, Directive.Stop)
    {
        public override Directive HandleFailure(IActorContext context, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children)
        {
            failures.Add(cause);
            var directive = base.HandleFailure(context, child, cause, stats, children);
            if (stopRightAfterRestart)
            {
                context.Stop(child);
            }

            return directive;
        }

        protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => [failed];
    }

    private sealed class FailingHooksActor : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly bool _failInPreStart;
        private readonly bool _failInPostStop;

        public FailingHooksActor(IActorRef probe, bool failInPreStart, bool failInPostStop)
        {
            _probe = probe;
            _failInPreStart = failInPreStart;
            _failInPostStop = failInPostStop;
            ReceiveAny(_ => { });
        }

        protected override void PreStart()
        {
            if (_failInPreStart)
            {
                throw new TestFailure("PreStart broke");
            }

            _probe.Tell("started");
        }

        protected override void PostStop()
        {
            _probe.Tell("stopping");
            if (_failInPostStop)
            {
                throw new TestFailure("PostStop broke");
            }
        }
    }

}
