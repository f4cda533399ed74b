using System.Diagnostics;
using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Health;

public sealed class ExecHealthProbeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-exec-probe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IHealthProbe Shell(string script) =>
        HealthProbeFactory.Create(
            new HealthSpec { Type = HealthCheckType.Exec, Command = "/bin/sh", Args = ["-c", script] },
            ProcessLauncher.ForCurrentOs());

    [Fact]
    public async Task Exit_0_is_healthy()
    {
        var result = await Shell("exit 0").ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeTrue(result.Detail);
    }

    [Fact]
    public async Task A_nonzero_exit_is_unhealthy_with_the_code()
    {
        var result = await Shell("echo noise; echo more >&2; exit 1").ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain("exit code 1");
    }

    [Fact]
    public async Task A_bare_command_name_is_found_on_path()
    {
        var probe = HealthProbeFactory.Create(new HealthSpec { Type = HealthCheckType.Exec, Command = "true" }, ProcessLauncher.ForCurrentOs());

        (await probe.ProbeAsync(CancellationToken.None)).Healthy.Should().BeTrue();
    }

    [Fact]
    public async Task A_command_still_running_at_the_timeout_is_killed_with_its_children()
    {
        var pidFile = Path.Combine(_folder, "sleeper.pid");
        var probe = Shell($"sleep 60 & echo $! > '{pidFile}'; wait");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();

        var result = await probe.ProbeAsync(timeout.Token);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain("killed (timeout)");
        var sleeper = int.Parse(File.ReadAllText(pidFile).Trim());
        await WaitUntilGone(sleeper);
    }

    private static async Task WaitUntilGone(int pid)
    {
        var watch = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), $"the grandchild {pid} must be killed with the check");
            await Task.Delay(20);
        }
    }

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
