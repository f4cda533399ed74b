using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Each directive, on the deterministic dispatcher so every interleaving is fixed.</summary>
public sealed class SupervisionDirectiveTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output)
{
    private IActorRef StartChild(Func<Exception, Directive> decider, string id = "child")
    {
        var parent = ActorOf(SupervisorActor.Props(new OneForOneStrategy(decider), TestActor, "parent"), "parent");
        ExpectMsg(new LifecycleEvent("parent", "PreStart"));
        parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, id), id), TestActor);
        var child = ExpectMsg<IActorRef>();
        ExpectMsg(new LifecycleEvent(id, "PreStart"));
        return child;
    }

    [Fact]
    public void Resume_keeps_the_child_and_its_state_and_drops_the_failing_message()
    {
        var child = StartChild(_ => Directive.Resume);
        child.Tell(new Ping(1), TestActor);
        ExpectMsg(new Ping(1));

        child.Tell(new Throw(new TestFailure("boom")), TestActor);
        child.Tell(new GetCount(), TestActor);

        ExpectMsg(1);
        ExpectNoMsg();
    }

    [Fact]
    public void Restart_replaces_the_instance_with_fresh_state_and_runs_the_restart_hooks_with_the_failing_message()
    {
        var child = StartChild(_ => Directive.Restart);
        child.Tell(new Ping(1), TestActor);
        ExpectMsg(new Ping(1));
        var failing = new Throw(new TestFailure("boom"));

        child.Tell(failing, TestActor);

        ExpectMsg(new LifecycleEvent("child", "PreRestart", "boom|Throw"));
        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectMsg(new LifecycleEvent("child", "PostRestart", "boom"));
        ExpectMsg(new LifecycleEvent("child", "PreStart"));
        child.Tell(new GetCount(), TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void Stop_terminates_the_child_and_later_messages_become_dead_letters()
    {
        var child = StartChild(_ => Directive.Stop);
        Watch(child);

        child.Tell(new Throw(new TestFailure("boom")), TestActor);

        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
        var before = Sys.DeadLetterCount;
        child.Tell(new Ping(2), TestActor);
        RunUntilIdle();
        Sys.DeadLetterCount.Should().Be(before + 1);
        ExpectNoMsg();
    }

    [Fact]
    public void Escalate_fails_the_parent_which_its_own_supervisor_then_restarts()
    {
        var child = StartChild(_ => Directive.Escalate);

        child.Tell(new Throw(new TestFailure("up")), TestActor);

        // The user guardian's default strategy restarts the parent; the parent's restart stops the child.
        FishForMessage<LifecycleEvent>(e => e is { Id: "child", Hook: "PostStop" });
        FishForMessage<LifecycleEvent>(e => e is { Id: "parent", Hook: "PostRestart", Detail: "up" });
    }

    [Fact]
    public void Messages_sent_while_a_child_waits_for_its_supervisor_are_kept_for_the_next_incarnation()
    {
        var child = StartChild(_ => Directive.Restart);

        child.Tell(new Throw(new TestFailure("boom")), TestActor);
        child.Tell(new Ping(7), TestActor);

        FishForMessage<LifecycleEvent>(e => e is { Hook: "PreStart" });
        ExpectMsg(new Ping(7));
    }

    [Fact]
    public void Kill_makes_the_actor_fail_with_actor_killed_exception_which_stops_it_by_default()
    {
        var child = StartChild(SupervisorStrategy.DefaultDecider);
        Watch(child);

        child.Tell(Kill.Instance);

        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Poison_pill_stops_the_actor_after_the_messages_queued_before_it()
    {
        var child = StartChild(SupervisorStrategy.DefaultDecider);
        Watch(child);

        child.Tell(new Ping(1), TestActor);
        child.Tell(PoisonPill.Instance);
        child.Tell(new Ping(2), TestActor);

        ExpectMsg(new Ping(1));
        ExpectMsg(new LifecycleEvent("child", "PostStop"));
        ExpectTerminated(child);
        ExpectNoMsg();
    }

    [Fact]
    public void The_default_decider_stops_on_initialization_kill_and_death_pact_and_restarts_otherwise()
    {
        var decider = SupervisorStrategy.DefaultDecider;

        decider(new ActorInitializationException("x")).Should().Be(Directive.Stop);
        decider(new ActorKilledException("x")).Should().Be(Directive.Stop);
        decider(new DeathPactException(TestActor)).Should().Be(Directive.Stop);
        decider(new InvalidOperationException()).Should().Be(Directive.Restart);
    }

    [Fact]
    public void Log_failure_is_called_once_with_the_directive_actually_applied()
    {
        var recorder = new RecordingStrategy(new OneForOneStrategy(0, TimeSpan.FromMinutes(1), _ => Directive.Restart));
        var parent = ActorOf(SupervisorActor.Props(recorder, TestActor, "parent"));
        ExpectMsg<LifecycleEvent>();
        parent.Tell(new CreateChild(LifecycleActor.Props(TestActor, "child"), "child"), TestActor);
        var child = ExpectMsg<IActorRef>();
        ExpectMsg<LifecycleEvent>();

        child.Tell(new Throw(new TestFailure("boom")));
        RunUntilIdle();

        recorder.Logged.Should().Equal((child, Directive.Stop));
    }

    private sealed class RecordingStrategy(SupervisorStrategy inner)
        : SupervisorStrategy(inner.MaxNumberOfRetries, inner.WithinTimeRange, inner.Decider, inner.RetriesExceededDirective)
    {
        public List<(IActorRef, Directive)> Logged { get; } = new();

        public override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
        {
            Logged.Add((child, directive));
            base.LogFailure(context, child, cause, directive);
        }

        protected override IReadOnlyList<ChildRestartStats> AffectedChildren(ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children) => [failed];
    }
}
