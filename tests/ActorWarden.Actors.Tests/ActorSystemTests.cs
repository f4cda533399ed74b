using ActorWarden.Actors.Tests.Support;
using ActorWarden.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

public sealed class ActorSystemTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(output)
{
    [Fact]
    public void Top_level_actors_live_under_user_and_children_under_their_parent()
    {
        var warden = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy, TestActor, "warden"), "warden");
        ExpectMsg<LifecycleEvent>();
        warden.Tell(new CreateChild(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy, TestActor, "web"), "web"), TestActor);
        var web = FishForMessage<IActorRef>(_ => true);
        web.Tell(new CreateChild(Props.Create<EchoActor>(), "web-1"), TestActor);
        var web1 = FishForMessage<IActorRef>(_ => true);

        web1.Path.ToString().Should().Be("/user/warden/web/web-1");
        web1.Path.Name.Should().Be("web-1");
        web1.Path.Parent.Should().Be(web.Path);
        web1.Path.Elements.Should().Equal("user", "warden", "web", "web-1");
    }

    [Fact]
    public void A_duplicate_child_name_throws_an_exception_naming_the_existing_path()
    {
        ActorOf(Props.Create<EchoActor>(), "dup");

        var act = () => ActorOf(Props.Create<EchoActor>(), "dup");

        act.Should().Throw<InvalidActorNameException>().WithMessage("*'dup'*/user/dup*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    [InlineData("has space")]
    public void An_invalid_child_name_throws_an_exception_naming_the_parent(string name)
    {
        var act = () => ActorOf(Props.Create<EchoActor>(), name);

        act.Should().Throw<InvalidActorNameException>().WithMessage("*/user*");
    }

    [Fact]
    public void Props_with_a_null_factory_throw_an_argument_exception_naming_the_type()
    {
        var act = () => Props.Create<EchoActor>(null!);

        act.Should().Throw<ArgumentException>().WithMessage($"*{typeof(EchoActor).FullName}*");
    }

    [Fact]
    public void Props_for_a_type_without_a_parameterless_constructor_throw_an_argument_exception_naming_the_type()
    {
        var act = () => Props.Create(typeof(LifecycleActor));

        act.Should().Throw<ArgumentException>().WithMessage($"*{typeof(LifecycleActor).FullName}*parameterless*");
    }

    [Fact]
    public void Props_for_a_type_that_is_not_an_actor_throw_an_argument_exception_naming_the_type()
    {
        var act = () => Props.Create(typeof(string));

        act.Should().Throw<ArgumentException>().WithMessage("*System.String*");
    }

    [Fact]
    public void Props_created_from_a_type_build_working_actors()
    {
        var echo = ActorOf(Props.Create(typeof(EchoActor)));

        echo.Tell("hello", TestActor);

        ExpectMsg("hello");
    }

    [Fact]
    public void Creating_an_actor_with_new_outside_the_kernel_throws_an_initialization_exception()
    {
        var act = () => new EchoActor();

        act.Should().Throw<ActorInitializationException>().WithMessage("*ActorOf*");
    }

    [Fact]
    public void A_factory_that_throws_makes_the_actor_fail_initialization_and_stop()
    {
        var broken = ActorOf(Props.Create<EchoActor>(() => throw new TestFailure("no ctor for you")), "broken");
        Watch(broken);

        ExpectTerminated(broken);
    }

    [Fact]
    public async Task Child_finds_a_child_by_name_and_returns_nobody_for_an_unknown_name()
    {
        var parent = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy, TestActor, "p"));
        var kid = await parent.Ask<IActorRef>(new CreateChild(Props.Create<EchoActor>(), "kid"), TimeSpan.FromSeconds(3));

        var found = await parent.Ask<IActorRef>(new LookupChild("kid"), TimeSpan.FromSeconds(3));
        var missing = await parent.Ask<IActorRef>(new LookupChild("nope"), TimeSpan.FromSeconds(3));

        found.Should().Be(kid);
        missing.Should().Be(ActorRefs.Nobody);
    }

    [Fact]
    public void Generated_names_start_with_a_dollar_and_are_unique()
    {
        var a = ActorOf(Props.Create<EchoActor>());
        var b = ActorOf(Props.Create<EchoActor>());

        a.Path.Name.Should().StartWith("$");
        b.Path.Name.Should().NotBe(a.Path.Name);
    }

    [Fact]
    public void References_are_equal_by_path_and_incarnation()
    {
        var first = ActorOf(Props.Create<EchoActor>(), "same");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var second = ActorOf(Props.Create<EchoActor>(), "same");

        second.Path.Should().Be(first.Path);
        second.Should().NotBe(first);
        second.Equals(second).Should().BeTrue();
    }

    [Fact]
    public async Task Terminate_stops_every_actor_and_runs_post_stop_children_before_parents()
    {
        var log = new CollectingRef();
        var parent = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy, log, "parent"), "parent");
        var child = await parent.Ask<IActorRef>(new CreateChild(LifecycleActor.Props(log, "child"), "child"), TimeSpan.FromSeconds(3));
        await child.Ask<IActorRef>(new CreateChild(LifecycleActor.Props(log, "grandchild"), "grandchild"), TimeSpan.FromSeconds(3));

        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

        Sys.TerminationFailure.Should().BeNull();
        Sys.ActorCount.Should().Be(0);
        var stops = log.Messages.OfType<LifecycleEvent>().Where(e => e.Hook == "PostStop").Select(e => e.Id);
        stops.Should().Equal("grandchild", "child", "parent");
    }

    [Fact]
    public async Task Creating_an_actor_after_termination_throws_a_clear_error()
    {
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

        var act = () => Sys.ActorOf(Props.Create<EchoActor>(), "late");

        act.Should().Throw<InvalidOperationException>().WithMessage("*late*/user*stopp*");
    }

    [Fact]
    public void An_invalid_system_name_is_rejected()
    {
        var act = () => ActorSystem.Create("bad name");

        act.Should().Throw<ArgumentException>().WithMessage("*bad name*");
    }

    [Fact]
    public void The_deterministic_dispatcher_refuses_a_real_time_scheduler()
    {
        using var scheduler = new RealTimeScheduler();

        var act = () => ActorSystem.Create("det", new ActorSystemSettings { Dispatcher = DispatcherMode.Deterministic, Scheduler = scheduler });

        act.Should().Throw<ArgumentException>().WithMessage("*VirtualTimeScheduler*");
    }

    [Fact]
    public void Metrics_report_actor_count_and_queued_messages()
    {
        var before = Sys.ActorCount;
        var silent = ActorOf(Props.Create<SilentActor>());

        Sys.ActorCount.Should().Be(before + 1);
        Sys.MailboxDepth.Should().BeGreaterThanOrEqualTo(0);
        silent.Tell("x");
        AwaitCondition(() => Sys.MailboxDepth == 0);
    }
}
