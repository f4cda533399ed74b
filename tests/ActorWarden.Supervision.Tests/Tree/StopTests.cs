using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class StopTests
{
    [Fact]
    public async Task An_operator_stop_leaves_the_instance_stopped_until_it_is_started_again()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Restart = RestartPolicy.Always }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(2);

        warden.Command(c => c.StopAsync("web")).Kind.Should().Be(ControlOutcome.Ok);
        warden.Advance(60);

        warden.State("web").Should().Be(ProcessState.Stopped);
        warden.Launcher.StartedFor("web").Should().ContainSingle();
        warden.Events.Directives("service").Should().BeEmpty("a requested stop is not a failure");

        warden.Command(c => c.StartAsync("web"));
        warden.Advance(2);
        warden.State("web").Should().Be(ProcessState.Running);
    }

    /// <summary>
    /// Under churn, hundreds of children were spawned after SIGTERM: each instance's Relaunch, decided by its
    /// supervisor just before the stop, was queued ahead of the stand-down. The warden's stop is now a latch
    /// every spawn reads first.
    /// </summary>
    [Fact]
    public async Task A_restart_decided_just_before_the_warden_stops_is_not_carried_out()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Restart = RestartPolicy.Always, StartSeconds = TimeSpan.Zero, Backoff = new BackoffSpec { Min = TimeSpan.Zero, Jitter = 0 } }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(2);
        warden.Launcher.Current("web").Exit(1);
        while (warden.Events.Directives("service").Count == 0)
        {
            if (!warden.Step())
            {
                warden.Time.RunQueue.Posted.WaitOne(TimeSpan.FromSeconds(10)).Should().BeTrue("the exit leads to a decision of the service supervisor");
            }
        }

        warden.Wait(warden.Warden.StopAsync(TimeSpan.FromSeconds(10)));

        warden.Launcher.StartedFor("web").Should().ContainSingle("nothing is spawned once the warden is stopping");
    }

    [Fact]
    public async Task An_operator_stop_is_read_by_every_actor_it_reaches_and_leaves_no_dead_letter()
    {
        var settings = TestSpecs.Settings(
            TestSpecs.Service("web", s => s with { Instances = 3 }),
            TestSpecs.Service("db"));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(2);

        warden.Command(c => c.StopAsync("all")).Kind.Should().Be(ControlOutcome.Ok);
        warden.Advance(10);

        warden.Status().Instances.Should().OnlyContain(i => i.State == ProcessState.Stopped);
        warden.Status().Runtime.DeadLetters.Should().Be(0, "the stand-down sent ahead of the stop is handled, not reported unhandled");
    }

    [Fact]
    public async Task A_child_ignoring_the_stop_signal_is_killed_at_the_stop_timeout()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Stop = new StopSpec { Signal = ProcessSignal.SIGINT, Timeout = TimeSpan.FromSeconds(5) } }));
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = true);
        warden.Advance(2);
        var child = warden.Launcher.Current("web");

        warden.Command(c => c.StopAsync("web"));
        warden.Advance(4.9);
        child.HasExited.Should().BeFalse();
        warden.State("web").Should().Be(ProcessState.Stopping);
        warden.Advance(0.2);

        child.Signals.Should().Equal(ProcessSignal.SIGINT);
        child.Killed.Should().BeTrue();
        warden.State("web").Should().Be(ProcessState.Stopped);
        warden.Events.Named(EventNames.Killed, "web").Should().ContainSingle();
    }

    [Fact]
    public async Task A_child_exiting_on_its_own_during_its_stop_just_ends_stopped()
    {
        await using var warden = VirtualWarden.Start(TestSpecs.Settings(TestSpecs.Service("web")), onStart: child => child.IgnoresSignals = true);
        warden.Advance(2);
        var child = warden.Launcher.Current("web");

        warden.Command(c => c.StopAsync("web"));
        child.Exit(1);
        warden.Settle();
        warden.Advance(30);

        warden.State("web").Should().Be(ProcessState.Stopped);
        child.Killed.Should().BeFalse();
        warden.Events.Directives("service").Should().BeEmpty();
        warden.Launcher.StartedFor("web").Should().ContainSingle();
    }

    [Fact]
    public async Task An_operator_restart_stops_then_starts_and_targets_resolve_to_instances_services_groups_and_all()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 3 }), TestSpecs.Service("db"))
            .WithGroups(new GroupSpec { Name = "front", Members = ["web"] });
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(2);

        warden.Command(c => c.RestartAsync("web-2")).Affected.Should().Equal("web-2");
        warden.Command(c => c.StopAsync("front")).Affected.Should().Equal("web-1", "web-2", "web-3");
        warden.Command(c => c.StartAsync("all")).Affected.Should().HaveCount(4);
        warden.Command(c => c.StopAsync("nope")).Kind.Should().Be(ControlOutcome.NotFound);
        warden.Advance(2);

        warden.Launcher.StartedFor("web-2").Should().HaveCount(3);
        warden.Launcher.StartedFor("web-1").Should().HaveCount(2);
        warden.Status().Instances.Should().OnlyContain(i => i.State == ProcessState.Running);
    }

    [Fact]
    public async Task Shutdown_kills_what_is_left_at_the_global_timeout_so_nothing_is_orphaned()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Stop = new StopSpec { Timeout = TimeSpan.FromMinutes(10) } }));
        var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = true);
        warden.Advance(2);

        var stop = warden.Warden.StopAsync(TimeSpan.FromSeconds(3));
        warden.Wait(stop);

        warden.Launcher.Running.Should().BeEmpty();
        warden.Launcher.Current("web").Killed.Should().BeTrue();
        warden.Events.Named(EventNames.WardenStopped).Single().Fields["killed"].Should().Be(1);
    }
}
