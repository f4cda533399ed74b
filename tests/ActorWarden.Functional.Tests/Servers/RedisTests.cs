using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests.Servers;

/// <summary>redis-server from Debian's package under the real warden: an operator's signal reaches its main process.</summary>
public sealed class RedisTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Warden_signal_redis_server_SIGUSR1_arrives_at_the_main_process()
    {
        using var folder = new ServerFolder("redis");
        var redis = ServerFolder.Require("redis-server", "redis-server");
        var port = FreePort.Next();
        await using var warden = RunningWarden.Start($$"""
                redis-server {
                  command = "{{redis}}"
                  args = ["--port", "{{port}}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", "{{folder.Path}}", "--daemonize", "no"]
                  start-seconds = 200ms
                  health { type = tcp, port = {{port}}, interval = 200ms, start-period = 0s }
                }
            """);
        var running = await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1) && RunningWarden.Instances(s).Single().GetProperty("health").GetString() == "healthy", Patience, "redis healthy");
        var pid = RunningWarden.Instances(running).Single().GetProperty("pid").GetInt32();

        var sent = await warden.CliAsync("signal", "redis-server", "SIGUSR1");

        sent.ExitCode.Should().Be(0, sent.Stderr);
        sent.Stdout.Should().Contain($"sent SIGUSR1 to pid {pid}");

        // Redis 7.0's main process has no SIGUSR1 handler (only its fork children do), so the signal's
        // default action ends it: the exit the warden records is the proof that it arrived there.
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1) && RunningWarden.Instances(s).Single().GetProperty("pid").GetInt32() != pid, Patience, "redis restarted");
        await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "signalled" && e.GetProperty("pid").GetInt32() == pid && e.GetProperty("signal").GetString() == "SIGUSR1", Patience, "the signalled event");
        await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "exited" && e.GetProperty("pid").GetInt32() == pid && e.GetProperty("signal").ValueKind == System.Text.Json.JsonValueKind.Number && e.GetProperty("signal").GetInt32() == 10, Patience, "the exit by SIGUSR1");
    }

    [Fact]
    public async Task A_bad_signal_or_an_unknown_name_is_one_clear_error()
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "sleeper running");

        var badSignal = await warden.CliAsync("signal", "sleeper", "SIGBOGUS");
        var unknown = await warden.CliAsync("signal", "nosuch", "HUP");
        var noReload = await warden.CliAsync("reload", "sleeper");
        var toGroup = await warden.CliAsync("signal", "sleeper", "CONT", "--group");
        var pid = RunningWarden.Instances(await warden.StatusAsync()).Single().GetProperty("pid").GetInt32();

        badSignal.ExitCode.Should().Be(2);
        badSignal.Stderr.Trim().Should().Be("warden: 'SIGBOGUS' is not a signal; expected a name such as SIGHUP, HUP, USR1, TERM, RTMIN+1, or a number 1..64");
        unknown.ExitCode.Should().Be(1);
        unknown.Stderr.Should().Contain("no service, group or instance named 'nosuch'");
        noReload.ExitCode.Should().Be(1);
        noReload.Stderr.Should().Contain("service sleeper has no reload");
        toGroup.ExitCode.Should().Be(0, toGroup.Stderr);
        toGroup.Stdout.Trim().Should().Be($"sleeper: sent SIGCONT to process group {pid}");
    }
}
