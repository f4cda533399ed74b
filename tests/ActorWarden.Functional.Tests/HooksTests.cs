using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>pre-start, post-stop and reload.command under the real binary (systemd's ExecStartPre=, ExecStopPost=, ExecReload=).</summary>
public sealed class HooksTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pre_start_that_outlives_hook_timeout_is_killed_and_is_a_failed_start()
    {
        await using var warden = RunningWarden.Start("""
                slow { command = /bin/sleep, args = ["1000"], pre-start = ["/bin/sleep", "30"], hook-timeout = 300ms, start-retries = 0, fatal-retry = off }
            """);

        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "fatal", 1), Patience, "slow fatal");

        await warden.WaitForEventAsync(
            e => e.GetProperty("event").GetString() == "spawn-failed"
                && e.GetProperty("error").GetString()!.Contains("pre-start failed: '/bin/sleep 30' killed at the deadline (hook-timeout)", StringComparison.Ordinal),
            Patience,
            "the spawn-failed event of the killed pre-start");
        warden.Children().Should().BeEmpty("the pre-start was killed with its tree");
    }

    [Fact]
    public async Task A_stop_while_the_pre_start_runs_kills_it_and_the_program_never_starts()
    {
        await using var warden = RunningWarden.Start("""
                waits { command = /bin/sleep, args = ["1000"], pre-start = ["/bin/sleep", "300"], hook-timeout = 600s }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "starting", 1) && warden.Children().Count > 0, Patience, "the pre-start running");

        var stop = await warden.CliAsync("stop", "waits");

        stop.ExitCode.Should().Be(0, stop.Stderr);
        (await warden.StatusAsync()).GetProperty("instances")[0].GetProperty("state").GetString().Should().Be("stopped");
        await Eventually.True(() => warden.Children().Count == 0, "the pre-start killed");
        warden.Events().Should().NotContain(e => e.GetProperty("event").GetString() == "started");
    }

    [Fact]
    public async Task Reload_command_runs_with_MAINPID_and_post_stop_runs_after_the_stop()
    {
        await using var warden = RunningWarden.Start("""
                app {
                  command = /bin/sleep
                  args = ["1000"]
                  start-seconds = 100ms
                  reload { command = ["/bin/sh", "-c", "echo reloading ${MAINPID} > reloaded.txt; echo reloaded ${MAINPID}"] }
                  post-stop = ["/bin/sh", "-c", "echo after $SERVICE > post-stop.txt"]
                }
            """);
        var running = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "app running");
        var pid = RunningWarden.Instances(running).Single().GetProperty("pid").GetInt32();

        var reload = await warden.CliAsync("reload", "app");

        reload.ExitCode.Should().Be(0, reload.Stderr);
        reload.Stdout.Should().Contain($"reloaded {pid}");
        File.ReadAllText(Path.Combine(warden.Directory, "reloaded.txt")).Should().Be($"reloading {pid}\n");
        PidOf(await warden.StatusAsync()).Should().Be(pid);

        (await warden.CliAsync("stop", "app")).ExitCode.Should().Be(0);
        await Eventually.True(() => File.Exists(Path.Combine(warden.Directory, "post-stop.txt")), "post-stop ran");
        File.ReadAllText(Path.Combine(warden.Directory, "post-stop.txt")).Should().Be("after app\n");
        await Eventually.True(() => warden.Events().Any(e => e.GetProperty("event").GetString() == "post-stop" && e.GetProperty("pid").GetInt32() == pid && e.GetProperty("ok").GetBoolean()), "the post-stop event");
    }

    private static int PidOf(System.Text.Json.JsonElement status) => RunningWarden.Instances(status).Single().GetProperty("pid").GetInt32();
}
