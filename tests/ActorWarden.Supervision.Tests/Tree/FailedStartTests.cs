using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class FailedStartTests
{
    [Fact]
    public async Task Exits_before_start_seconds_are_failed_starts_and_start_retries_of_them_make_the_instance_fatal()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { StartRetries = 3, FatalRetry = null }));
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.Exit(1));
        warden.Advance(60);

        warden.Launcher.StartedFor("web").Should().HaveCount(3);
        warden.State("web").Should().Be(ProcessState.Fatal);
        warden.Events.States("web").Should().Equal("starting", "backoff", "starting", "backoff", "starting", "backoff", "fatal");
        warden.Events.Named(EventNames.Exited, "web").Should().OnlyContain(e => (bool)e.Fields["failed_start"]!);
        var fatal = warden.Events.Named(EventNames.Fatal, "web").Single();
        ((string)fatal.Fields["reason"]!).Should().Contain("3 failed starts in a row");
        warden.Advance(3600);
        warden.Launcher.StartedFor("web").Should().HaveCount(3, "fatal-retry is off");
    }

    [Fact]
    public async Task The_decision_to_go_fatal_is_a_stop_directive_with_outcome_fatal_not_a_resume()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { StartRetries = 2, FatalRetry = null }));
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.Exit(1));
        warden.Advance(60);

        warden.Events.Directives("service").Select(e => ((string?)e.Fields["directive"], (string?)e.Fields["outcome"]))
            .Should().Equal(("restart", "restart"), ("stop", "fatal"));
    }

    [Fact]
    public async Task A_fatal_instance_is_retried_after_fatal_retry_so_a_farm_heals_after_an_outage()
    {
        var outage = true;
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 2, StartRetries = 2, FatalRetry = TimeSpan.FromMinutes(5) }));
        await using var warden = VirtualWarden.Start(settings, onStart: child =>
        {
            if (outage)
            {
                child.Exit(1);
            }
        });
        warden.Advance(60);
        warden.State("web-1").Should().Be(ProcessState.Fatal);
        warden.State("web-2").Should().Be(ProcessState.Fatal);

        outage = false;
        warden.Advance(TimeSpan.FromMinutes(5));
        warden.Advance(2);

        warden.State("web-1").Should().Be(ProcessState.Running);
        warden.State("web-2").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task An_operator_start_revives_a_fatal_instance_with_a_fresh_count_of_failed_starts()
    {
        var failing = true;
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { StartRetries = 2, FatalRetry = null }));
        await using var warden = VirtualWarden.Start(settings, onStart: child =>
        {
            if (failing)
            {
                child.Exit(1);
            }
        });
        warden.Advance(60);
        warden.State("web").Should().Be(ProcessState.Fatal);

        failing = false;
        warden.Command(c => c.StartAsync("web")).Kind.Should().Be(ControlOutcome.Ok);
        warden.Advance(2);

        warden.State("web").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task A_command_that_cannot_be_executed_reports_spawn_failed_goes_fatal_and_the_warden_keeps_running()
    {
        var settings = TestSpecs.Settings(
            TestSpecs.Service("ghost", s => s with { StartRetries = 3, FatalRetry = null }),
            TestSpecs.Service("web"));
        await using var warden = VirtualWarden.Start(settings, refuse: spec => spec.FileName.EndsWith("ghost") ? "no such file or directory" : null);
        warden.Advance(60);

        warden.State("ghost").Should().Be(ProcessState.Fatal);
        var failures = warden.Events.Named(EventNames.SpawnFailed, "ghost");
        failures.Should().HaveCount(3);
        ((string)failures[0].Fields["error"]!).Should().Contain("no such file or directory");
        warden.Status("ghost").Description.Should().Contain("failed starts in a row");
        warden.State("web").Should().Be(ProcessState.Running);
        warden.Wait(warden.Warden.PingAsync(TimeSpan.FromSeconds(1))).Should().BeTrue();
    }

    [Fact]
    public async Task An_undefined_variable_in_args_is_a_failed_start_naming_the_setting()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Args = ["--port", "${NOPE}"], StartRetries = 1, FatalRetry = null }));
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(5);

        warden.State("web").Should().Be(ProcessState.Fatal);
        warden.Launcher.Started.Should().BeEmpty();
        ((string)warden.Events.Named(EventNames.SpawnFailed, "web").Single().Fields["error"]!)
            .Should().Be("services.web.args[1]: ${NOPE} is not defined in the instance environment");
    }
}
