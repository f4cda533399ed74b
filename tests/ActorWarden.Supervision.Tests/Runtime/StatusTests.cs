using System.Diagnostics;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

public sealed class StatusTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Status_reflects_pid_uptime_restarts_last_exit_and_state_of_every_instance()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 2, Restart = RestartPolicy.Always }))
            .WithGroups(new GroupSpec { Name = "front", Strategy = GroupStrategy.RestForOne, Members = ["web"] });
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(2);
        warden.Launcher.Current("web-2").Exit(5);
        warden.Settle();
        warden.Advance(10);

        var status = warden.Status();

        status.Groups.Should().ContainSingle().Which.Should().BeEquivalentTo(new GroupStatus("front", "rest-for-one", ["web"], false));
        status.Uptime.Should().Be(TimeSpan.FromSeconds(12));
        var web2 = status.Instances.Single(i => i.Name == "web-2");
        web2.Should().BeEquivalentTo(new
        {
            Service = "web",
            Group = "front",
            Path = "/user/warden/front/web/web-2",
            State = ProcessState.Running,
            Pid = warden.Launcher.Current("web-2").Pid,
            Restarts = 1,
            LastExitCode = 5,
            Health = "none",
        });
        web2.Uptime.Should().Be(TimeSpan.FromSeconds(9.9));
        status.Instances.Single(i => i.Name == "web-1").Restarts.Should().Be(0);
        warden.Wait(warden.Warden.GetServiceAsync("web"))!.Select(i => i.Name).Should().Equal("web-1", "web-2");
        warden.Wait(warden.Warden.GetServiceAsync("nope")).Should().BeNull();
    }

    [Fact]
    public async Task Status_of_a_thousand_instances_is_a_cheap_ask()
    {
        var launcher = new FakeProcessLauncher();
        var settings = TestSpecs.Settings(TestSpecs.Service("farm", s => s with { Instances = 1000, StartSeconds = TimeSpan.Zero }));
        await using var warden = new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = launcher,
            WriteFiles = false,
            ResolveCommand = (c, _) => c,
            ActorSystem = Actors.ActorSystemSettings.Default with { Logger = new Serilog.LoggerConfiguration().CreateLogger() },
        });
        await warden.StartAsync();
        await warden.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 20; i++)
        {
            await warden.GetStatusAsync();
        }

        var clock = Stopwatch.StartNew();
        const int Rounds = 50;
        for (var i = 0; i < Rounds; i++)
        {
            (await warden.GetStatusAsync()).Instances.Should().HaveCount(1000);
        }

        var perQuery = clock.Elapsed / Rounds;
        clock.Restart();
        for (var i = 0; i < Rounds; i++)
        {
            await warden.PingAsync(TimeSpan.FromSeconds(5));
        }

        output.WriteLine($"GetStatusAsync with 1,000 instances: {perQuery.TotalMilliseconds:0.###} ms per query; a bare Ask round trip (ping): {(clock.Elapsed / Rounds).TotalMilliseconds:0.###} ms (mean of {Rounds})");
        perQuery.Should().BeLessThan(TimeSpan.FromMilliseconds(25), "the bar is 5 ms on a quiet machine; this shared test host only guards against regressions of an order of magnitude");
    }
}
