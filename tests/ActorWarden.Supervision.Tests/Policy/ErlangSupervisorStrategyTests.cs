using ActorWarden.Supervision.Policy;
using ActorWarden.Config;
using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;
using AkkaTestKit = Akka.TestKit.Xunit2.TestKit;

namespace ActorWarden.Supervision.Tests.Policy;

/// <summary>
/// The strategy wired into real Akka actors: a grand-parent over a group supervisor over children a, b, c
/// (member order). The order applied is read from onApplied, the set from each child's count (a restart
/// loses it), and restart windows are counted on a clock only the test moves.
/// </summary>
public sealed class ErlangSupervisorStrategyTests(ITestOutputHelper output)
    : AkkaTestKit("akka.test.single-expect-default = 10s\nakka.loglevel = WARNING", output)
{
    private static readonly string[] Members = ["a", "b", "c"];

    private readonly ManualClock _clock = new();

    private sealed record Family(TestProbe Lifecycle, TestProbe Applied, TestProbe Escalations, IReadOnlyDictionary<string, IActorRef> Children)
    {
        public void Fail(string child, string reason) => Children[child].Tell(new Fail(reason));
    }

    private Family Start(
        GroupStrategy kind,
        IntensitySpec? intensity = null,
        Func<IActorRef, Exception, Directive>? decider = null,
        Directive retriesExceeded = Directive.Escalate,
        string[]? creationOrder = null)
    {
        var lifecycle = CreateTestProbe("lifecycle");
        var applied = CreateTestProbe("applied");
        var escalations = CreateTestProbe("escalations");
        var appliedRef = applied.Ref;
        var clock = _clock;
        var limits = intensity ?? new IntensitySpec(10, TimeSpan.FromSeconds(10));
        var decide = decider ?? ((_, _) => Directive.Restart);
        Func<ErlangSupervisorStrategy> strategy = () => new ErlangSupervisorStrategy(
            kind, limits, decide, retriesExceeded, clock.Now, () => Members, a => appliedRef.Tell(Applied.From(a)));
        var children = creationOrder ?? Members;
        var group = Props.Create(() => new GroupSupervisor(strategy, lifecycle.Ref, children));
        Sys.ActorOf(Props.Create(() => new Grandparent(group, escalations.Ref)));

        var refs = new Dictionary<string, IActorRef>();
        foreach (var _ in children)
        {
            lifecycle.ExpectMsg<Lifecycle>(l => l.Hook == "Started");
            refs[lifecycle.LastSender.Path.Name] = lifecycle.LastSender;
        }

        foreach (var child in refs.Values)
        {
            child.Tell(new Bump(), TestActor);
            ExpectMsg(1);
        }

        return new Family(lifecycle, applied, escalations, refs);
    }

    private static Dictionary<string, int> Counts(Family family, params string[] names) =>
        names.ToDictionary(n => n, n => family.Children[n].Ask<int>(new GetCount(), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult());

    [Theory]
    [InlineData(GroupStrategy.OneForOne, new[] { "b" }, new[] { 1, 0, 1 })]
    [InlineData(GroupStrategy.OneForAll, new[] { "a", "b", "c" }, new[] { 0, 0, 0 })]
    [InlineData(GroupStrategy.RestForOne, new[] { "b", "c" }, new[] { 1, 0, 0 })]
    public void A_failure_of_b_restarts_exactly_the_affected_children_in_member_order(GroupStrategy kind, string[] expected, int[] counts)
    {
        var family = Start(kind);

        family.Fail("b", "b crashed");

        family.Applied.ExpectMsg<Applied>().Should().BeEquivalentTo(new Applied("b", "b crashed", Directive.Restart, expected), o => o.WithStrictOrdering());
        family.Lifecycle.ReceiveN(expected.Length).Should().BeEquivalentTo(expected.Select(n => new Lifecycle(n, "Restarted")));
        Counts(family, Members).Values.Should().Equal(counts);
    }

    [Fact]
    public void Member_order_not_creation_order_decides_rest_for_one()
    {
        var family = Start(GroupStrategy.RestForOne, creationOrder: ["c", "b", "a"]);

        family.Fail("b", "b crashed");

        family.Applied.ExpectMsg<Applied>().Affected.Should().Equal("b", "c");
        Counts(family, Members).Values.Should().Equal(1, 0, 0);
    }

    [Fact]
    public void Resume_resumes_only_the_failed_child_and_keeps_its_state()
    {
        var family = Start(GroupStrategy.OneForAll, decider: (_, _) => Directive.Resume);

        family.Fail("b", "b hiccup");

        family.Applied.ExpectMsg<Applied>().Should().BeEquivalentTo(new Applied("b", "b hiccup", Directive.Resume, ["b"]));
        Counts(family, Members).Values.Should().Equal(1, 1, 1);
        family.Lifecycle.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Intensity_exceeded_escalates_to_the_parents_parent_and_on_applied_reports_each_failure_once()
    {
        var family = Start(GroupStrategy.OneForOne, new IntensitySpec(2, TimeSpan.FromSeconds(1)));

        family.Fail("b", "first");
        family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Restart);
        family.Fail("b", "second");
        family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Restart);
        family.Fail("b", "third");

        family.Applied.ExpectMsg<Applied>().Should().BeEquivalentTo(new Applied("b", "third", Directive.Escalate, []));
        family.Escalations.ExpectMsg(new Escalated("group", "third"));
        family.Applied.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Intensity_exceeded_with_stop_stops_the_affected_children_and_keeps_the_supervisor()
    {
        var family = Start(GroupStrategy.RestForOne, new IntensitySpec(1, TimeSpan.FromSeconds(1)), retriesExceeded: Directive.Stop);
        family.Fail("b", "first");
        family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Restart);
        family.Lifecycle.ReceiveN(2);

        family.Fail("b", "second");

        family.Applied.ExpectMsg<Applied>().Should().BeEquivalentTo(new Applied("b", "second", Directive.Stop, ["b", "c"]), o => o.WithStrictOrdering());
        family.Lifecycle.ReceiveN(2).Should().BeEquivalentTo(new[] { new Lifecycle("b", "Stopped"), new Lifecycle("c", "Stopped") });
        Counts(family, "a")["a"].Should().Be(1);
        family.Escalations.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void The_window_is_counted_on_the_injected_clock_so_a_crash_every_five_seconds_never_escalates()
    {
        // Max 2 per 1 s: the real clock barely moves between these crashes, so counting on it would escalate at the third.
        var family = Start(GroupStrategy.OneForOne, new IntensitySpec(2, TimeSpan.FromSeconds(1)));

        for (var i = 0; i < 6; i++)
        {
            family.Fail("b", $"crash {i}");
            family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Restart, $"crash {i} is 5 s after the last");
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        family.Escalations.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void One_for_all_counts_a_restart_for_every_child_it_restarts()
    {
        var family = Start(GroupStrategy.OneForAll, new IntensitySpec(1, TimeSpan.FromSeconds(10)));
        family.Fail("a", "a crashed");
        family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Restart);

        family.Fail("c", "c crashed");

        family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Escalate);
        family.Escalations.ExpectMsg(new Escalated("group", "c crashed"));
    }

    [Fact]
    public void The_decider_sees_the_failing_child_and_its_escalate_reaches_the_grandparent()
    {
        var family = Start(GroupStrategy.OneForOne, decider: (child, _) => child.Path.Name == "a" ? Directive.Escalate : Directive.Restart);
        family.Fail("b", "b crashed");
        family.Applied.ExpectMsg<Applied>().Directive.Should().Be(Directive.Restart);

        family.Fail("a", "a crashed");

        family.Applied.ExpectMsg<Applied>().Should().BeEquivalentTo(new Applied("a", "a crashed", Directive.Escalate, []));
        family.Escalations.ExpectMsg(new Escalated("group", "a crashed"));
    }

    [Fact]
    public void Kill_stops_the_child_whatever_the_decider_says_as_in_akka()
    {
        var family = Start(GroupStrategy.OneForOne);

        family.Children["b"].Tell(Kill.Instance);

        family.Applied.ExpectMsg<Applied>().Should().BeEquivalentTo(new { Child = "b", Directive = Directive.Stop, Affected = new[] { "b" } });
        family.Lifecycle.ExpectMsg(new Lifecycle("b", "Stopped"));
    }

    [Fact]
    public void One_instance_shared_by_two_supervisors_is_refused_loudly()
    {
        var lifecycle = CreateTestProbe();
        var escalations = CreateTestProbe();
        var shared = new ErlangSupervisorStrategy(
            GroupStrategy.OneForOne, new IntensitySpec(10, TimeSpan.FromSeconds(10)), (_, _) => Directive.Restart, Directive.Escalate,
            _clock.Now, () => Members, _ => { });
        Func<ErlangSupervisorStrategy> factory = () => shared;
        var group = Props.Create(() => new GroupSupervisor(factory, lifecycle.Ref, new[] { "a" }));
        Sys.ActorOf(Props.Create(() => new Grandparent(group, escalations.Ref)));
        Sys.ActorOf(Props.Create(() => new Grandparent(group, escalations.Ref)));
        var children = new List<IActorRef>();
        for (var i = 0; i < 2; i++)
        {
            lifecycle.ExpectMsg<Lifecycle>();
            children.Add(lifecycle.LastSender);
        }

        children[0].Tell(new Fail("first supervisor"));
        lifecycle.ExpectMsg<Lifecycle>().Hook.Should().Be("Restarted");
        children[1].Tell(new Fail("second supervisor"));

        escalations.ExpectMsg<Escalated>().Reason.Should().Contain("create one per supervisor");
    }

    [Theory]
    [InlineData(Directive.Restart)]
    [InlineData(Directive.Resume)]
    public void Retries_exceeded_must_be_stop_or_escalate(Directive retriesExceeded)
    {
        var act = () => new ErlangSupervisorStrategy(
            GroupStrategy.OneForOne, new IntensitySpec(1, TimeSpan.FromSeconds(1)), (_, _) => Directive.Restart, retriesExceeded,
            () => TimeSpan.Zero, () => [], _ => { });

        act.Should().Throw<ArgumentException>().WithMessage("*Stop or Escalate*");
    }

    [Fact]
    public void Akka_signals_stop_and_everything_else_is_the_domains_to_decide()
    {
        AkkaFailureDefaults.DirectiveFor(new ActorInitializationException("init")).Should().Be(Directive.Stop);
        AkkaFailureDefaults.DirectiveFor(new ActorKilledException("kill")).Should().Be(Directive.Stop);
        AkkaFailureDefaults.DirectiveFor(new DeathPactException(TestActor)).Should().Be(Directive.Stop);
        AkkaFailureDefaults.DirectiveFor(new TestFailure("domain")).Should().BeNull();
    }
}
