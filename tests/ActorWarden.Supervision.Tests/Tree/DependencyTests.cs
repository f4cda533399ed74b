using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class DependencyTests
{
    private static readonly HealthSpec Http = TestSpecs.HttpCheck;

    [Fact]
    public async Task A_service_starts_only_once_its_dependency_is_running_and_healthy()
    {
        var probe = new ScriptedProbe();
        var settings = TestSpecs.Settings(
            TestSpecs.Service("app", s => s with { DependsOn = ["db"] }),
            TestSpecs.Service("db", s => s with { Health = Http, PortBase = 5432 }));
        await using var warden = VirtualWarden.Start(settings, probes: _ => probe);

        warden.Advance(3);
        warden.State("db").Should().Be(ProcessState.Running);
        warden.Launcher.StartedFor("app").Should().BeEmpty("db is running but not yet healthy");

        probe.Healthy = true;
        warden.Advance(1.5);

        warden.Launcher.StartedFor("app").Should().ContainSingle();
        warden.Status("db").Health.Should().Be("healthy");
        var order = warden.Events.Named(EventNames.Started).Select(e => e.Instance).ToArray();
        order.Should().Equal("db", "app");
        warden.Advance(2);
        warden.Warden.WhenReady.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task The_health_url_expands_the_instance_port()
    {
        HealthSpec? seen = null;
        var settings = TestSpecs.Settings(TestSpecs.Service("db", s => s with { Health = Http, PortBase = 5432 }));
        await using var warden = VirtualWarden.Start(settings, probes: spec =>
        {
            seen = spec;
            return new ScriptedProbe { Healthy = true };
        });

        seen!.Url.Should().Be("http://127.0.0.1:5432/health");
    }

    [Fact]
    public async Task A_failing_health_check_restarts_the_instance_through_the_service_supervisor()
    {
        var probe = new ScriptedProbe { Healthy = true };
        var settings = TestSpecs.Settings(TestSpecs.Service("db", s => s with { Health = Http with { StartPeriod = TimeSpan.Zero }, PortBase = 5432 }));
        await using var warden = VirtualWarden.Start(settings, probes: _ => probe);
        warden.Advance(3);
        var first = warden.Launcher.Current("db");

        probe.Healthy = false;
        warden.Advance(4);

        first.Signals.Should().Contain(Processes.ProcessSignal.SIGTERM);
        var directive = warden.Events.Directives("service").Single();
        directive.Fields["cause"].Should().Be("HealthCheckFailedException");
        directive.Fields["directive"].Should().Be("restart");
        warden.Launcher.StartedFor("db").Should().HaveCount(2);
    }

    [Fact]
    public async Task Stopping_everything_stops_dependents_before_their_dependencies()
    {
        var settings = TestSpecs.Settings(
            TestSpecs.Service("web", s => s with { DependsOn = ["app"] }),
            TestSpecs.Service("app", s => s with { DependsOn = ["db"] }),
            TestSpecs.Service("db"));
        var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = child.Spec.FileName.EndsWith("app"));
        warden.Advance(10);
        warden.Launcher.Running.Should().HaveCount(3);

        var stop = warden.Warden.StopAsync(TimeSpan.FromSeconds(60));
        warden.Wait(stop);

        var stopping = warden.Events.Named(EventNames.Stopping).Select(e => (e.Instance, e.Ts)).ToArray();
        stopping.Select(s => s.Instance).Should().Equal("web", "app", "db");
        (stopping[2].Ts - stopping[1].Ts).Should().Be(TimeSpan.FromSeconds(10), "db waits until app was killed at its stop timeout");
        warden.Launcher.Running.Should().BeEmpty();
        warden.Wait(warden.Warden.Completion).Should().Be(0);
    }

    [Fact]
    public async Task An_operator_start_of_a_service_also_starts_its_stopped_dependencies_first()
    {
        var settings = TestSpecs.Settings(
            TestSpecs.Service("app", s => s with { DependsOn = ["db"], Autostart = false }),
            TestSpecs.Service("db", s => s with { Autostart = false }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(5);
        warden.Launcher.Started.Should().BeEmpty();
        warden.Warden.WhenReady.IsCompleted.Should().BeTrue("nothing is meant to start");

        warden.Command(c => c.StartAsync("app")).Affected.Should().Equal("app");
        warden.Advance(3);

        warden.Events.Named(EventNames.Started).Select(e => e.Instance).Should().Equal("db", "app");
    }
}
