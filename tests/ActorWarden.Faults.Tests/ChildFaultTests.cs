using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests;

/// <summary>Faults injected into supervised children: the warden must outlive every one of them and keep its books straight.</summary>
public sealed class ChildFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_child_killed_with_sigkill_is_restarted_and_its_signal_recorded()
    {
        await using var warden = RunningWarden.Start("""
                victim { command = /bin/sleep, args = ["1000"], start-seconds = 100ms, backoff { min = 50ms, jitter = 0 } }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "victim running");
        var baseline = await WardenHealth.SettledBaselineAsync(warden.Pid);
        var pid = Pid(before);

        Native.Kill(pid, 9);

        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1) && Pid(s) != pid, Patience, "victim restarted");
        await warden.WaitForEventAsync(e => WardenHealth.Name(e) == "exited" && e.GetProperty("pid").GetInt32() == pid && e.GetProperty("signal").GetInt32() == 9, Patience, "the exit by SIGKILL recorded");
        await WardenHealth.AssertRecoveredAsync(warden, baseline);
        await StopAll(warden);
        await WardenHealth.AssertEventLogCompleteAsync(warden);
    }

    [Fact]
    public async Task A_stopped_and_continued_child_is_neither_restarted_nor_lost()
    {
        await using var warden = RunningWarden.Start("""
                victim { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "victim running");
        var pid = Pid(before);

        Native.Kill(pid, 19);
        await Task.Delay(1000);
        Pid(await warden.StatusAsync()).Should().Be(pid, "a stopped process has not exited");
        Native.Kill(pid, 18);
        await Task.Delay(500);

        var after = await warden.StatusAsync();
        Pid(after).Should().Be(pid);
        RunningWarden.AllIn(after, "running", 1).Should().BeTrue();
        warden.Events().Should().NotContain(e => WardenHealth.Name(e) == "exited");
    }

    [Fact]
    public async Task A_child_that_ignores_sigterm_is_killed_at_the_stop_timeout()
    {
        await using var warden = RunningWarden.Start("""
                stubborn { command = /bin/sh, args = ["-c", "trap '' TERM; while :; do sleep 1; done"], start-seconds = 100ms, stop { signal = SIGTERM, timeout = 1s } }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "stubborn running");
        var pid = Pid(before);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        (await warden.CliAsync("stop", "stubborn")).ExitCode.Should().Be(0);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "stopped", 1), Patience, "stubborn stopped");

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "SIGTERM is ignored, so only the kill at the timeout ends it");
        Native.IsAlive(pid).Should().BeFalse();
        warden.Children().Should().BeEmpty("the sleep grandchildren die with the tree");
        await WardenHealth.AssertEventLogCompleteAsync(warden);
    }

    [Fact]
    public async Task A_bounded_fork_storm_is_reaped_entirely_on_stop()
    {
        await using var warden = RunningWarden.Start("""
                storm { command = /bin/sh, args = ["-c", "i=0; while [ $i -lt 300 ]; do sleep 1000 & i=$((i+1)); done; wait"], start-seconds = 100ms, stop.timeout = 2s }
            """);
        WardenHealth? baseline = null;
        for (var round = 1; round <= 2; round++)
        {
            await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "storm running");
            await Eventually.True(() => warden.Children().Count >= 300, "300 grandchildren forked");

            (await warden.CliAsync("stop", "storm")).ExitCode.Should().Be(0);
            await warden.WaitForAsync(s => RunningWarden.AllIn(s, "stopped", 1), Patience, "storm stopped");
            await Eventually.True(() => warden.Children().Count == 0, "every grandchild gone");

            if (baseline is null)
            {
                // The first round pays one-time costs (JIT, first use of the stop path); the second must not grow.
                baseline = await WardenHealth.SettledBaselineAsync(warden.Pid);
                (await warden.CliAsync("start", "storm")).ExitCode.Should().Be(0);
            }
        }

        await WardenHealth.AssertRecoveredAsync(warden, baseline!);
    }

    [Fact]
    public async Task Daemonized_grandchildren_are_killed_and_reaped_on_stop()
    {
        await using var warden = RunningWarden.Start("""
                daemonizer { command = /bin/sh, args = ["-c", "setsid sh -c 'sleep 1000 & sleep 1000' & (setsid sleep 1000 &) ; sleep 1000"], start-seconds = 100ms, stop.timeout = 1s }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "daemonizer running");
        await Eventually.True(() => warden.Children().Count >= 4, "daemons started");
        var daemons = warden.Children();

        (await warden.CliAsync("stop", "daemonizer")).ExitCode.Should().Be(0);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "stopped", 1), Patience, "daemonizer stopped");

        await Eventually.True(() => daemons.All(pid => !Native.IsAlive(pid)), "escaped daemons killed");
        await Eventually.True(() => WardenHealth.ZombieChildren(warden.Pid).Count == 0, "every killed daemon reaped (on the SIGCHLD pass after they re-parent to the warden)");
    }

    [Fact]
    public async Task A_child_that_closes_stdout_and_keeps_running_stays_running()
    {
        await using var warden = RunningWarden.Start("""
                mute { command = /bin/sh, args = ["-c", "echo hello; exec 1>&- 2>&-; sleep 1000"], start-seconds = 100ms }
            """);
        var before = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "mute running");
        await Task.Delay(1000);

        var after = await warden.StatusAsync();

        Pid(after).Should().Be(Pid(before));
        RunningWarden.AllIn(after, "running", 1).Should().BeTrue();
    }

    [Theory]
    [InlineData("/nonexistent/binary", "no such file")]
    [InlineData("NOT_EXECUTABLE", "permission denied")]
    [InlineData("/tmp", "directory")]
    public async Task A_command_that_cannot_be_executed_goes_fatal_and_the_warden_keeps_running(string command, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("warden-noexec-").FullName;
        try
        {
            var file = Path.Combine(dir, "data.txt");
            File.WriteAllText(file, "not a program\n");
            var target = command == "NOT_EXECUTABLE" ? file : command;
            await using var warden = RunningWarden.Start($$"""
                    broken { command = "{{target}}", start-retries = 2, backoff { min = 50ms, jitter = 0 }, fatal-retry = off }
                    healthy { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
                """);

            var status = await warden.WaitForAsync(s => State(s, "broken") == "fatal" && State(s, "healthy") == "running", Patience, "broken fatal, healthy running");

            warden.HasExited.Should().BeFalse();
            var failure = await warden.WaitForEventAsync(e => WardenHealth.Name(e) is "spawn-failed" && e.GetProperty("instance").GetString() == "broken", Patience, "broken's spawn-failed event");
            failure.ToString().Should().ContainEquivalentOf(expected);
            RunningWarden.Instances(status).Should().HaveCount(2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_child_flooding_stdout_and_stderr_for_30_seconds_keeps_the_warden_bounded()
    {
        await using var warden = RunningWarden.Start("""
                flood { command = /bin/sh, args = ["-c", "yes 'flood-out-line-with-some-padding-to-make-it-longer' & yes 'flood-err-line' 1>&2 & wait"], start-seconds = 100ms, logs { max-size = 4MiB, keep = 2 } }
                quiet { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "flood running");
        var baseline = WardenHealth.Measure(warden.Pid);
        var peakRss = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1000);
            peakRss = Math.Max(peakRss, WardenHealth.Measure(warden.Pid).RssBytes);
            warden.HasExited.Should().BeFalse();
        }

        peakRss.Should().BeLessThan(baseline.RssBytes + (150L * 1024 * 1024), "bounded buffers: a flood must not grow the warden without limit");
        (await warden.CliAsync("stop", "flood")).ExitCode.Should().Be(0);
        await warden.WaitForAsync(s => State(s, "flood") == "stopped", Patience, "flood stopped");
        // Listed only once the writer is idle: while it rotates, a listed file can be renamed or deleted before it is measured.
        var logs = Directory.GetFiles(Path.Combine(warden.Directory, "logs", "flood"));
        logs.Select(f => new FileInfo(f).Length).Should().OnlyContain(size => size <= 5L * 1024 * 1024, "rotation caps each file");
        logs.Length.Should().BeLessThanOrEqualTo(6, "keep = 2 rotated files per stream");
        await WardenHealth.AssertRecoveredAsync(warden, baseline, rssSlackBytes: 150L * 1024 * 1024);
    }

    internal static int Pid(JsonElement status) => RunningWarden.Instances(status).Single().GetProperty("pid").GetInt32();

    internal static string? State(JsonElement status, string instance) =>
        RunningWarden.Instances(status).Single(i => i.GetProperty("name").GetString() == instance).GetProperty("state").GetString();

    internal static async Task StopAll(RunningWarden warden)
    {
        (await warden.CliAsync("stop", "all")).ExitCode.Should().Be(0);
        await warden.WaitForAsync(s => RunningWarden.Instances(s).All(i => i.GetProperty("state").GetString() is "stopped" or "exited" or "fatal"), Patience, "all stopped");
    }
}
