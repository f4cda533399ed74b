using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// Issue 11, item 1, as an operator reads the console: a kill -9 of a health-checked instance reads as
/// supervisord would write it (exited, backoff, spawned), not as Akka's dead letters of its own system
/// messages ("Message [Suspend] ... may have terminated unexpectedly") or of the probe that was running
/// when the check stopped (the probe takes 0.3 s, so one is always in flight), and the warden's exit is not
/// followed by Akka's "Exiting with [ExitCode:0]" when it exits with another code.
/// </summary>
public sealed class ConsoleLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_kill_9_of_a_checked_instance_reads_as_exited_backoff_spawned_without_akka_internals()
    {
        string output;
        await using (var warden = RunningWarden.Start("""
                    web {
                      command = /bin/sleep, args = ["600"], instances = 2, start-seconds = 1s
                      backoff { min = 100ms, max = 100ms, jitter = 0 }
                      health { type = exec, command = /bin/sleep, args = ["0.3"], interval = 100ms, timeout = 2s, start-period = 0s }
                    }
                """))
        {
            var status = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2) && RunningWarden.Instances(s).All(i => i.GetProperty("health").GetString() == "healthy"), Patience, "both healthy");
            foreach (var victim in RunningWarden.Instances(status))
            {
                Native.Kill(victim.GetProperty("pid").GetInt32(), 9);
            }

            await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2) && RunningWarden.Instances(s).All(i => i.GetProperty("restarts").GetInt32() == 1), Patience, "both restarted");
            warden.Signal(15);
            (await warden.WaitForExitAsync(Patience)).Should().Be(0);
            output = warden.Output;
        }

        output.Should().MatchRegex(@"WRN\] exited: web-1 \(terminated by SIGKILL; not expected\)");
        output.Should().Contain("backoff: web-2 restarts in 100 ms (attempt 1)");
        output.Should().NotContain("was not delivered", "a dead letter of Akka's own Suspend/Resume or of a late probe result is not the operator's news");
        output.Should().NotContain("CoordinatedShutdown invoked", "the warden reports its own exit code");
        output.Should().Contain("warden stopping: stop requested (shutdown-timeout 10 s)").And.NotContain("Stopping all services (timeout", "the stop is announced once");
        output.Should().Contain("Warden host exiting with code 0");
    }

    [Fact]
    public async Task A_failing_health_check_is_one_warning_line_and_no_stack_trace()
    {
        string output;
        await using (var warden = RunningWarden.Start("""
                    hc {
                      command = /bin/sleep, args = ["600"], start-seconds = 1s
                      backoff { min = 100ms, max = 100ms, jitter = 0 }
                      health { type = exec, command = /bin/sh, args = ["-c", "test -f ok"], interval = 200ms, failures = 2, start-period = 0s }
                    }
                """))
        {
            await File.WriteAllTextAsync(Path.Combine(warden.Directory, "ok"), "");
            await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("health").GetString() == "healthy", Patience, "healthy");
            File.Delete(Path.Combine(warden.Directory, "ok"));
            await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("restarts").GetInt32() >= 1, Patience, "restarted for its check");
            await File.WriteAllTextAsync(Path.Combine(warden.Directory, "ok"), "");
            await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("health").GetString() == "healthy", Patience, "healthy again");
            output = warden.Output;
        }

        output.Should().MatchRegex(@"WRN\] health: hc is failing its check: 2 consecutive failure\(s\)");
        output.Should().Contain("backoff: hc restarts in 100 ms (attempt 1): health check failed");
        output.Should().NotContain("HealthCheckFailedException", "the decision log already said it, in one line");
        output.Should().NotMatchRegex(@"(?m)^\s+at ", "no stack trace for a supervision decision");
    }

    [Fact]
    public async Task Survivors_of_a_killed_warden_are_killed_by_the_next_with_one_line_each()
    {
        await using var first = RunningWarden.Start("""
                    s { command = /bin/sleep, args = ["600"], instances = 2, start-seconds = 100ms }
                """);
        var survivors = RunningWarden.Instances(await first.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "both running"))
            .Select(i => i.GetProperty("pid").GetInt32()).ToList();
        first.Signal(9);
        await first.WaitForExitAsync(Patience);

        await using var second = RunningWarden.StartOn(first.Directory, first.ConfigPath, first.Port);
        await second.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "both running again");

        foreach (var pid in survivors)
        {
            Native.IsAlive(pid).Should().BeFalse();
            second.Output.Should().MatchRegex($@"WRN\] orphan: killed pid {pid} of s-\d, left running by a previous warden");
        }

        second.Output.Should().NotContain("Killing survivor", "the orphan line says it once");
    }

    /// <summary>Also under nohup: a warden that inherited SIGHUP ignored still reloads on it (.NET alone would leave it ignored).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sighup_reload_is_one_line_whether_it_is_applied_or_refused(bool startedUnderNohup)
    {
        await using var warden = RunningWarden.Start(
            """
                    a { command = /bin/sleep, args = ["600"], start-seconds = 100ms }
                """,
            sighupIgnored: startedUnderNohup);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running");
        var config = await File.ReadAllTextAsync(warden.ConfigPath);

        await File.WriteAllTextAsync(warden.ConfigPath, config + "\nwarden.services.b { command = /bin/sleep, args = [\"600\"], start-seconds = 100ms }\n");
        warden.Signal(1);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "b added");
        await File.WriteAllTextAsync(warden.ConfigPath, config + "\nwarden.services.c { command = /bin/sleep, start-seconds = 5 }\n");
        warden.Signal(1);
        await Eventually.True(() => warden.Output.Contains("reload refused", StringComparison.Ordinal), "the refusal");
        await Task.Delay(500);

        var lines = warden.Output.Split('\n');
        lines.Where(l => l.Contains("reloaded", StringComparison.OrdinalIgnoreCase)).Should().ContainSingle().Which.Should().Contain("reloaded: " + warden.ConfigPath + " (added: b)");
        lines.Where(l => l.Contains("ERR]", StringComparison.Ordinal)).Should().ContainSingle().Which.Should().Contain("reload refused, nothing changed: " + warden.ConfigPath + ":");
    }

    [Fact]
    public async Task With_verbose_the_routine_akka_lines_are_still_there()
    {
        var directory = Directory.CreateTempSubdirectory("warden-func-").FullName;
        try
        {
            // The port is held from the moment it is chosen: a port picked free, released and bound again
            // could be taken in between by another test's listener.
            using var blocker = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            blocker.Start();
            var port = ((System.Net.IPEndPoint)blocker.LocalEndpoint).Port;
            var config = Path.Combine(directory, "warden.conf");
            File.WriteAllText(config, $$"""warden { name = v, control.http.port = {{port}}, services { s { command = /bin/sleep, args = ["600"] } } }""");

            var quiet = await WardenBinary.RunAsync(directory, Patience, "run", config);
            var verbose = await WardenBinary.RunAsync(directory, Patience, "run", "--verbose", config);

            quiet.ExitCode.Should().Be(1);
            (quiet.Stdout + quiet.Stderr).Should().NotContain("CoordinatedShutdown invoked").And.NotContain("ExitCode:0");
            verbose.ExitCode.Should().Be(1);
            (verbose.Stdout + verbose.Stderr).Should().Contain("CoordinatedShutdown invoked");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
