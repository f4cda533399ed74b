using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

/// <summary>binds-to (systemd BindsTo=): dependents follow the service they bind to down and back up.</summary>
public sealed class BindsToTests
{
    private static VirtualWarden Start() => VirtualWarden.Start(TestSpecs.Settings(
        TestSpecs.Service("db"),
        TestSpecs.Service("api", s => s with { DependsOn = ["db"], BindsTo = ["db"] }),
        TestSpecs.Service("ordered", s => s with { DependsOn = ["db"] })));

    [Fact]
    public async Task A_service_stops_when_what_it_binds_to_stops_and_comes_back_when_it_does()
    {
        await using var warden = Start();
        warden.Advance(3);
        var api = warden.Launcher.Current("api").Pid;
        var ordered = warden.Launcher.Current("ordered").Pid;

        warden.Command(c => c.StopAsync("db"));
        warden.Advance(3);

        warden.State("api").Should().Be(ProcessState.Stopped);
        warden.State("ordered").Should().Be(ProcessState.Running, "depends-on alone keeps ordering only");
        warden.Events.Named(EventNames.BindsToStop).Should().ContainSingle().Which.Service.Should().Be("api");

        warden.Command(c => c.StartAsync("db"));
        warden.Advance(3);

        warden.State("db").Should().Be(ProcessState.Running);
        warden.State("api").Should().Be(ProcessState.Running);
        warden.Launcher.Current("api").Pid.Should().NotBe(api);
        warden.Launcher.Current("ordered").Pid.Should().Be(ordered);
    }

    [Fact]
    public async Task A_crash_of_what_it_binds_to_stops_it_until_that_runs_again()
    {
        await using var warden = Start();
        warden.Advance(3);
        var api = warden.Launcher.Current("api").Pid;

        warden.Launcher.Current("db").Exit(1);
        warden.Advance(4);

        warden.State("db").Should().Be(ProcessState.Running, "db restarted after its backoff");
        warden.State("api").Should().Be(ProcessState.Running);
        warden.Launcher.Current("api").Pid.Should().NotBe(api, "api was stopped while db was down");
        warden.Events.Named(EventNames.BindsToStart).Should().ContainSingle();
    }

    [Fact]
    public async Task A_service_an_operator_stopped_stays_stopped_when_what_it_binds_to_comes_back()
    {
        await using var warden = Start();
        warden.Advance(3);

        warden.Command(c => c.StopAsync("api"));
        warden.Command(c => c.StopAsync("db"));
        warden.Advance(3);
        warden.Command(c => c.StartAsync("db"));
        warden.Advance(3);

        warden.State("db").Should().Be(ProcessState.Running);
        warden.State("api").Should().Be(ProcessState.Stopped);
        warden.Events.Named(EventNames.BindsToStop).Should().BeEmpty();
    }
}
