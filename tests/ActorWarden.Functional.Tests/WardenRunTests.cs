using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

public sealed class WardenRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_warden_runs_a_farm_that_status_shows_running_with_distinct_pids()
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], instances = 3, start-seconds = 200ms }
            """);

        var status = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 3), Patience, "3 running sleepers");

        var instances = RunningWarden.Instances(status).ToList();
        instances.Select(i => i.GetProperty("name").GetString()).Should().Equal("sleeper-1", "sleeper-2", "sleeper-3");
        instances.Select(i => i.GetProperty("pid").GetInt32()).Distinct().Should().HaveCount(3);
        instances.Should().OnlyContain(i => Native.IsAlive(i.GetProperty("pid").GetInt32()));
    }

    [Fact]
    public async Task A_crashing_child_is_restarted_and_every_step_is_in_the_event_log()
    {
        await using var warden = RunningWarden.Start("""
                crasher { command = /bin/sh, args = ["-c", "sleep 0.3; exit 7"], start-seconds = 100ms, backoff { min = 100ms, max = 100ms, jitter = 0 }, max-restarts = 100, within = 10s }
            """);

        await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("restarts").GetInt32() >= 2, Patience, "two restarts");

        var events = await warden.WaitForEventsAsync(
            written => written.Any(e => e.GetProperty("event").GetString() == "exited") && written.Any(e => e.GetProperty("event").GetString() == "directive"),
            Patience,
            "the exit and the restart directive written");
        events.Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String && e.TryGetProperty("event", out var name) && name.ValueKind == JsonValueKind.String).Should().OnlyContain(ok => ok);
    }

    [Fact]
    public async Task Stop_and_start_through_the_cli_change_the_instance_state()
    {
        await using var warden = RunningWarden.Start("""
                a { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        var running = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running");
        var pid = RunningWarden.Instances(running).Single().GetProperty("pid").GetInt32();

        (await warden.CliAsync("stop", "a")).ExitCode.Should().Be(0);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "stopped", 1), Patience, "a stopped");
        Native.IsAlive(pid).Should().BeFalse();

        (await warden.CliAsync("start", "a")).ExitCode.Should().Be(0);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running again");
    }

    [Fact]
    public async Task An_unknown_name_is_a_failed_operation_that_lists_the_known_names()
    {
        await using var warden = RunningWarden.Start("""
                a { command = /bin/sleep, args = ["1000"] }
            """);
        await warden.WaitForAsync(s => RunningWarden.Instances(s).Any(), Patience, "status");

        var result = await warden.CliAsync("restart", "nosuch");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("nosuch");
    }

    [Fact]
    public async Task Sigterm_stops_every_child_and_the_warden_exits_0()
    {
        var warden = RunningWarden.Start("""
                a { command = /bin/sleep, args = ["1000"], instances = 2, start-seconds = 100ms }
                b { command = /bin/sh, args = ["-c", "trap '' TERM; sleep 1000 & wait"], start-seconds = 100ms, stop.timeout = 1s }
            """);
        await using (warden)
        {
            await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 3), Patience, "all running");
            var children = warden.Children();
            children.Should().NotBeEmpty();

            warden.Signal(15);
            var code = await warden.WaitForExitAsync(TimeSpan.FromSeconds(30));

            code.Should().Be(0, warden.Output);
            children.Where(Native.IsAlive).Should().BeEmpty("no orphan may survive the warden's stop");
        }
    }

    [Fact]
    public async Task A_second_sigterm_during_the_graceful_stop_forces_it_with_exit_code_130()
    {
        var warden = RunningWarden.Start("""
                stubborn { command = /bin/sh, args = ["-c", "trap '' TERM; sleep 1000 & wait"], start-seconds = 100ms, stop.timeout = 60s }
            """);
        await using (warden)
        {
            await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "running");
            var children = warden.Children();
            children.Should().NotBeEmpty();

            // Standard signals do not queue: the second is sent once the first one has been taken.
            warden.Signal(15);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!warden.Output.Contains("repeat to force", StringComparison.Ordinal) && clock.Elapsed < Patience)
            {
                await Task.Delay(20);
            }

            warden.Signal(15);
            var forcedAt = System.Diagnostics.Stopwatch.StartNew();
            var code = await warden.WaitForExitAsync(TimeSpan.FromSeconds(30));

            forcedAt.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(6), "the forced stop does not wait for the 10 s shutdown timeout");
            code.Should().Be(130, "a second SIGTERM forces the stop instead of waiting 60 s for the stubborn child\n" + warden.Output);
            warden.Output.Should().NotContain("Unhandled exception");
            children.Where(Native.IsAlive).Should().BeEmpty("a forced stop still kills every process tree");
            warden.Events().Should().Contain(e => e.GetProperty("event").GetString() == "warden-stopped", "a forced stop still writes the event log");
        }
    }

    [Fact]
    public async Task A_second_warden_on_the_same_config_is_refused_and_the_first_keeps_running()
    {
        await using var first = RunningWarden.Start("""
                a { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await first.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "first running");

        var second = await WardenBinary.RunAsync(first.Directory, TimeSpan.FromSeconds(30), "run", first.ConfigPath);

        second.ExitCode.Should().NotBe(0);
        second.Stderr.Should().Contain("already running");
        first.HasExited.Should().BeFalse();
        (await first.StatusAsync()).GetProperty("instances").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Reload_restarts_only_the_changed_service_and_keeps_the_others_pids()
    {
        await using var warden = RunningWarden.Start("""
                keep { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
                change { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "both running");
        var keepPid = Pid(before, "keep");
        var changePid = Pid(before, "change");

        File.WriteAllText(warden.ConfigPath, File.ReadAllText(warden.ConfigPath).Replace("change { command = /bin/sleep, args = [\"1000\"]", "change { command = /bin/sleep, args = [\"2000\"]", StringComparison.Ordinal));
        var reload = await warden.CliAsync("reload");

        reload.ExitCode.Should().Be(0, reload.Stderr);
        var after = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2) && Pid(s, "change") != changePid, Patience, "change restarted");
        Pid(after, "keep").Should().Be(keepPid);
    }

    [Fact]
    public async Task Reload_of_a_broken_file_changes_nothing_and_reports_the_position()
    {
        await using var warden = RunningWarden.Start("""
                a { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "running");
        File.AppendAllText(warden.ConfigPath, "\nwarden { services {\n");

        var reload = await warden.CliAsync("reload");

        reload.ExitCode.Should().Be(2);
        reload.Stderr.Should().Contain(warden.ConfigPath + ":");
        Pid(await warden.StatusAsync(), "a").Should().Be(Pid(before, "a"));
    }

    private static int Pid(JsonElement status, string name) =>
        RunningWarden.Instances(status).Single(i => i.GetProperty("name").GetString() == name).GetProperty("pid").GetInt32();
}
