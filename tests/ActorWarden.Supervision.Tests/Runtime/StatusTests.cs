using ActorWarden.Config;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

public sealed class StatusTests
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
    public async Task A_stopped_or_fatal_instance_shows_no_health_where_it_was_healthy()
    {
        var check = new HealthSpec { Type = HealthCheckType.Tcp, Port = "5432", Interval = TimeSpan.FromSeconds(1), StartPeriod = TimeSpan.Zero };
        var settings = TestSpecs.Settings(
            TestSpecs.Service("db", s => s with { Health = check }),
            TestSpecs.Service("cache", s => s with { Health = check, StartRetries = 0, FatalRetry = null }));
        var refuse = false;
        await using var warden = VirtualWarden.Start(settings, probes: _ => new ScriptedProbe { Healthy = true }, refuse: spec => refuse && spec.FileName.EndsWith("cache", StringComparison.Ordinal) ? "gone" : null);
        warden.Advance(3);
        warden.Status().Instances.Select(i => i.Health).Should().Equal("healthy", "healthy");

        warden.Command(c => c.StopAsync("db"));
        refuse = true;
        warden.Launcher.Current("cache").Exit(1);
        warden.Settle();
        warden.Advance(3);

        var status = warden.Status();
        status.Instances.Select(i => (i.State, i.Health)).Should().Equal((ProcessState.Stopped, string.Empty), (ProcessState.Fatal, string.Empty));
    }

    /// <summary>
    /// The status of a 1,000-instance farm lists every instance with its own pid. How fast it answers
    /// is a benchmark's job (benchmarks/controlplane-results.md, the process farm benchmark), not a
    /// timed unit test's.
    /// </summary>
    [Fact]
    public async Task Status_of_a_thousand_instances_lists_every_instance_with_its_pid()
    {
        var launcher = new FakeProcessLauncher();
        var settings = TestSpecs.Settings(TestSpecs.Service("farm", s => s with { Instances = 1000, StartSeconds = TimeSpan.Zero }));
        await using var warden = new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = launcher,
            WriteFiles = false,
            ResolveCommand = (c, _) => c,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
        });
        await warden.StartAsync();
        await warden.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));

        var status = await warden.GetStatusAsync();

        status.Instances.Should().HaveCount(1000);
        status.Instances.Select(i => i.Name).Should().OnlyHaveUniqueItems().And.Contain("farm-1").And.Contain("farm-1000");
        status.Instances.Should().OnlyContain(i => i.State == ProcessState.Running && i.Pid != null);
        status.Instances.Select(i => i.Pid).Should().OnlyHaveUniqueItems();
    }
}
