using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class IntensityTests
{
    private static ServiceSpec Fast(string name, Func<ServiceSpec, ServiceSpec>? more = null)
    {
        var spec = TestSpecs.Service(name, s => s with
        {
            StartSeconds = TimeSpan.Zero,
            Backoff = new BackoffSpec { Min = TimeSpan.Zero, Jitter = 0 },
            Intensity = new IntensitySpec(2, TimeSpan.FromSeconds(10)),
        });
        return more is null ? spec : more(spec);
    }

    private static void Crash(VirtualWarden warden, string instance)
    {
        warden.Launcher.Current(instance).Exit(1);
        warden.Settle();
    }

    [Fact]
    public async Task Exceeding_the_service_intensity_escalates_to_the_group_which_restarts_the_service()
    {
        await using var warden = VirtualWarden.Start(TestSpecs.Settings(Fast("web")));

        Crash(warden, "web");
        Crash(warden, "web");
        warden.Events.Directives("group").Should().BeEmpty();
        Crash(warden, "web");

        var service = warden.Events.Directives("service");
        service.Select(e => e.Fields["directive"]).Should().Equal("restart", "restart", "escalate");
        ((string)service[2].Fields["reason"]!).Should().Contain("more than 2 restarts within 10 s");
        warden.Events.Directives("group").Single().Fields["directive"].Should().Be("restart");
        warden.State("web").Should().Be(ProcessState.Running);
        warden.Launcher.StartedFor("web").Should().HaveCount(4);
    }

    [Fact]
    public async Task Restarts_spread_wider_than_the_window_never_escalate()
    {
        await using var warden = VirtualWarden.Start(TestSpecs.Settings(Fast("web")));

        for (var i = 0; i < 6; i++)
        {
            Crash(warden, "web");
            warden.Advance(6);
        }

        warden.Events.Directives("group").Should().BeEmpty();
    }

    [Theory]
    [InlineData(GroupStrategy.OneForOne, new[] { "b" })]
    [InlineData(GroupStrategy.OneForAll, new[] { "a", "b", "c" })]
    [InlineData(GroupStrategy.RestForOne, new[] { "b", "c" })]
    public async Task The_group_strategy_restarts_the_right_siblings(GroupStrategy strategy, string[] restarted)
    {
        var settings = TestSpecs.Settings(Fast("a"), Fast("b"), Fast("c"))
            .WithGroups(new GroupSpec { Name = "g", Strategy = strategy, Members = ["a", "b", "c"] });
        await using var warden = VirtualWarden.Start(settings);
        var before = new[] { "a", "b", "c" }.ToDictionary(s => s, s => warden.Launcher.Current(s).Pid);

        warden.Launcher.Current("b").Exit(3);
        warden.Settle();
        Crash(warden, "b");
        Crash(warden, "b");

        var group = warden.Events.Directives("group").Single();
        group.Fields["strategy"].Should().Be(strategy switch
        {
            GroupStrategy.OneForAll => "one-for-all",
            GroupStrategy.RestForOne => "rest-for-one",
            _ => "one-for-one",
        });
        ((IEnumerable<string>)group.Fields["affected"]!).Should().Equal(restarted);
        foreach (var service in new[] { "a", "b", "c" })
        {
            var replaced = warden.Launcher.Current(service).Pid != before[service];
            replaced.Should().Be(restarted.Contains(service) || service == "b", service);
            warden.State(service).Should().Be(ProcessState.Running, service);
        }

        var siblingsStopped = warden.Launcher.StartedFor("a").Concat(warden.Launcher.StartedFor("c")).Where(c => c.HasExited);
        siblingsStopped.Where(c => !c.Signals.Contains(Processes.ProcessSignal.SIGTERM)).Should().BeEmpty("siblings are stopped with the stop signal");
    }

    [Fact]
    public async Task When_the_root_gives_up_with_park_the_group_goes_fatal_and_comes_back_after_fatal_retry()
    {
        var settings = TestSpecs.Settings(Fast("web", s => s with { Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(10)), FatalRetry = TimeSpan.FromMinutes(1) }), Fast("db"))
            with
            { Root = new RootSpec { Intensity = new IntensitySpec(1, TimeSpan.FromSeconds(60)), OnGiveUp = GiveUpPolicy.Park } };
        settings = settings.WithGroups(new GroupSpec { Name = "web", Members = ["web"], Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(30)), Implicit = true });
        await using var warden = VirtualWarden.Start(settings);

        Crash(warden, "web");
        warden.Events.Directives("root").Single().Fields["directive"].Should().Be("restart");
        Crash(warden, "web");

        var gaveUp = warden.Events.Named(EventNames.GaveUp).Single();
        gaveUp.Fields["group"].Should().Be("web");
        gaveUp.Fields["policy"].Should().Be("park");
        warden.State("web").Should().Be(ProcessState.Fatal);
        warden.Launcher.Running.Where(c => c.Spec.FileName.EndsWith("web")).Should().BeEmpty();
        warden.State("db").Should().Be(ProcessState.Running);
        warden.Wait(warden.Warden.PingAsync(TimeSpan.FromSeconds(1))).Should().BeTrue();
        warden.Warden.Completion.IsCompleted.Should().BeFalse();

        warden.Advance(TimeSpan.FromMinutes(1));

        warden.State("web").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task When_the_root_gives_up_with_exit_everything_stops_and_completion_carries_the_exit_code()
    {
        var settings = TestSpecs.Settings(Fast("web", s => s with { Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(10)) }), Fast("db"))
            with
            { Root = new RootSpec { Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(60)), OnGiveUp = GiveUpPolicy.Exit, ExitCode = 70 } };
        settings = settings.WithGroups(new GroupSpec { Name = "web", Members = ["web"], Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(30)), Implicit = true });
        await using var warden = VirtualWarden.Start(settings);

        Crash(warden, "web");

        warden.Wait(warden.Warden.Completion).Should().Be(70);
        warden.Launcher.Running.Should().BeEmpty();
        warden.Events.Named(EventNames.WardenStopped).Single().Fields["exit_code"].Should().Be(70);
    }
}
