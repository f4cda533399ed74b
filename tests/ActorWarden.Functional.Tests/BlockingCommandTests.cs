using System.Diagnostics;
using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// `warden start|stop|restart` return when the target state is reached, as `systemctl` and
/// `supervisorctl` do (issue 11, item 5): the real binary against a real warden and real children.
/// </summary>
public sealed class BlockingCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A shell that ignores SIGTERM (the ignore is inherited by its sleep), so only the kill at stop.timeout ends it.</summary>
    private const string Stubborn = """stubborn { command = /bin/sh, args = ["-c", "trap '' TERM; sleep 1000 & wait"], start-seconds = 100ms, stop.timeout = 3s }""";

    /// <summary>
    /// The stubborn child with a stop timeout long enough that the status read after `--no-block` returns
    /// cannot come after it: with 3 s, two CLI runs on a loaded machine could take that long and find the
    /// stop already finished.
    /// </summary>
    private const string SlowStubborn = """stubborn { command = /bin/sh, args = ["-c", "trap '' TERM; sleep 1000 & wait"], start-seconds = 100ms, stop.timeout = 10s }""";

    [Fact]
    public async Task Stop_returns_only_once_a_child_that_ignores_sigterm_was_killed_at_the_stop_timeout()
    {
        await using var warden = RunningWarden.Start(Stubborn);
        var running = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "stubborn running");
        var pid = Pid(running, "stubborn");

        var clock = Stopwatch.StartNew();
        var stop = await warden.CliAsync("stop", "stubborn");
        var took = clock.Elapsed;

        stop.ExitCode.Should().Be(0, stop.Stderr);
        took.Should().BeGreaterThan(TimeSpan.FromSeconds(2.5), "SIGTERM is ignored, so the stop ends with the kill at the 3 s stop timeout");
        stop.Stdout.Should().StartWith("stubborn: stopped (killed");
        State(await warden.StatusAsync(), "stubborn").Should().Be("stopped", "the command returned after the stop, not before");
        Native.IsAlive(pid).Should().BeFalse();

        var start = await warden.CliAsync("start", "stubborn");

        start.ExitCode.Should().Be(0, start.Stderr);
        var status = await warden.StatusAsync();
        State(status, "stubborn").Should().Be("running");
        start.Stdout.Trim().Should().Be($"stubborn: running (pid {Pid(status, "stubborn")})");
    }

    [Fact]
    public async Task Restart_returns_with_a_new_process_running_and_a_noop_start_returns_at_once()
    {
        await using var warden = RunningWarden.Start("""
                web { command = /bin/sleep, args = ["1000"], instances = 2, start-seconds = 300ms }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "web running");

        var restart = await warden.CliAsync("restart", "web");

        restart.ExitCode.Should().Be(0, restart.Stderr);
        var after = await warden.StatusAsync();
        RunningWarden.AllIn(after, "running", 2).Should().BeTrue("restart returns once both instances run again: {0}", after);
        Pid(after, "web-1").Should().NotBe(Pid(before, "web-1"));
        Pid(after, "web-2").Should().NotBe(Pid(before, "web-2"));
        restart.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"web-1: running (pid {Pid(after, "web-1")})", $"web-2: running (pid {Pid(after, "web-2")})");

        var start = await warden.CliAsync("start", "web-1");

        start.ExitCode.Should().Be(0, start.Stderr);
        start.Stdout.Trim().Should().Be($"web-1: running (pid {Pid(after, "web-1")})", "starting a running instance changes nothing");
    }

    [Fact]
    public async Task No_block_returns_as_soon_as_the_warden_accepted_the_command()
    {
        await using var warden = RunningWarden.Start(SlowStubborn);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "stubborn running");

        var stop = await warden.CliAsync("stop", "stubborn", "--no-block");

        stop.ExitCode.Should().Be(0, stop.Stderr);
        stop.Stdout.Trim().Should().Be("stop stubborn: 1 instance(s)");

        // The command is accepted before the instance actor takes it, so a status read at once may still say running.
        var taken = await warden.WaitForAsync(s => State(s, "stubborn") != "running", Patience, "the stop taken by the instance");
        State(taken, "stubborn").Should().Be("stopping", "a status read after the command returned shows the stop unfinished: the command did not wait for it");
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "stopped", 1), Patience, "the stop to finish anyway");
    }

    [Fact]
    public async Task Start_of_a_program_that_cannot_stay_up_exits_1_with_the_state_it_reached()
    {
        await using var warden = RunningWarden.Start("""
                idle { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
                failing { command = /bin/sh, args = ["-c", "exit 3"], autostart = off, start-seconds = 500ms, start-retries = 1, fatal-retry = off, backoff { min = 100ms, max = 100ms, jitter = 0 } }
            """);
        await warden.WaitForAsync(s => State(s, "idle") == "running", Patience, "the warden to be up");

        var start = await warden.CliAsync("start", "failing");

        start.ExitCode.Should().Be(1, "Fatal is not the running state asked for; stdout: {0}", start.Stdout);
        start.Stderr.Should().StartWith("warden: failing: fatal, not running");
        State(await warden.StatusAsync(), "failing").Should().Be("fatal");
    }

    private static int Pid(JsonElement status, string name) => Instance(status, name).GetProperty("pid").GetInt32();

    private static string? State(JsonElement status, string name) => Instance(status, name).GetProperty("state").GetString();

    private static JsonElement Instance(JsonElement status, string name) =>
        RunningWarden.Instances(status).Single(i => i.GetProperty("name").GetString() == name);
}
