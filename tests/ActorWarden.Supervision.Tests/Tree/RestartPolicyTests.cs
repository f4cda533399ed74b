using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class RestartPolicyTests
{
    private static readonly TimeSpan Up = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task An_autostart_service_starts_and_counts_as_running_after_start_seconds()
    {
        await using var warden = VirtualWarden.Start(TestSpecs.Settings(TestSpecs.Service("web")));

        warden.State("web").Should().Be(ProcessState.Starting);
        warden.Advance(Up);

        warden.State("web").Should().Be(ProcessState.Running);
        warden.Status("web").Pid.Should().Be(warden.Launcher.Current("web").Pid);
        warden.Events.States("web").Should().Equal("starting", "running");
        warden.Wait(warden.Warden.WhenReady.ContinueWith(_ => 0));
    }

    [Fact]
    public async Task Restart_always_brings_back_a_process_that_exited_with_zero()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Restart = RestartPolicy.Always }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(Up);

        warden.Launcher.Current("web").Exit(0);
        warden.Settle();
        warden.Advance(TimeSpan.FromMilliseconds(100));

        warden.Launcher.StartedFor("web").Should().HaveCount(2);
        warden.Events.States("web").Should().Equal("starting", "running", "exited", "backoff", "starting");
        var directive = warden.Events.Directives("service").Single();
        directive.Fields["directive"].Should().Be("restart");
        ((string)directive.Fields["reason"]!).Should().Contain("restart = always");
    }

    [Fact]
    public async Task Restart_on_failure_leaves_a_success_exit_exited_and_restarts_a_failure()
    {
        var settings = TestSpecs.Settings(
            TestSpecs.Service("ok", s => s with { Restart = RestartPolicy.OnFailure }),
            TestSpecs.Service("bad", s => s with { Restart = RestartPolicy.OnFailure }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(Up);

        warden.Launcher.Current("ok").Exit(0);
        warden.Launcher.Current("bad").Exit(3);
        warden.Settle();
        warden.Advance(1);

        warden.State("ok").Should().Be(ProcessState.Exited);
        warden.Launcher.StartedFor("ok").Should().HaveCount(1);
        warden.Status("ok").LastExitCode.Should().Be(0);
        warden.Launcher.StartedFor("bad").Should().HaveCount(2);
        warden.Status("bad").Restarts.Should().Be(1);
    }

    [Fact]
    public async Task Restart_never_leaves_a_crashed_instance_exited_and_an_operator_can_start_it()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("job", s => s with { Restart = RestartPolicy.Never }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(Up);

        warden.Launcher.Current("job").Die(ProcessSignal.SIGKILL);
        warden.Settle();
        warden.Advance(60);

        warden.State("job").Should().Be(ProcessState.Exited);
        warden.Status("job").LastSignal.Should().Be(9);
        warden.Command(c => c.StartAsync("job")).Kind.Should().Be(ControlOutcome.Ok);
        warden.Launcher.StartedFor("job").Should().HaveCount(2);
    }

    [Theory]
    [InlineData(ExitAction.Stop, ProcessState.Exited, 1)]
    [InlineData(ExitAction.Restart, ProcessState.Running, 2)]
    [InlineData(ExitAction.Ignore, ProcessState.Running, 2)]
    public async Task The_exit_code_map_overrides_the_restart_policy(ExitAction action, ProcessState expected, int spawns)
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with
        {
            Restart = RestartPolicy.Never,
            ExitCodes = new Dictionary<int, ExitAction> { [42] = action },
        }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(Up);

        warden.Launcher.Current("web").Exit(42);
        warden.Settle();
        warden.Advance(Up);

        warden.State("web").Should().Be(expected);
        warden.Launcher.StartedFor("web").Should().HaveCount(spawns);
        ((string)warden.Events.Directives("service").Single().Fields["reason"]!).Should().Contain($"exit-codes.42 = {action.ToString().ToLowerInvariant()}");
    }

    [Fact]
    public async Task An_escalate_exit_code_hands_the_failure_to_the_group_at_once()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with
        {
            ExitCodes = new Dictionary<int, ExitAction> { [9] = ExitAction.Escalate },
        }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(Up);

        warden.Launcher.Current("web").Exit(9);
        warden.Settle();
        warden.Advance(Up);

        warden.Events.Directives("service").Single().Fields["directive"].Should().Be("escalate");
        warden.Events.Directives("group").Single().Fields["directive"].Should().Be("restart");
        warden.Events.Named(EventNames.Escalated).Should().NotBeEmpty();
        warden.State("web").Should().Be(ProcessState.Running);
        warden.Launcher.StartedFor("web").Should().HaveCount(2);
    }
}
