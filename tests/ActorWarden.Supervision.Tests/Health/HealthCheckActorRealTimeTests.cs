using System.Diagnostics;
using ActorWarden.Actors;
using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>The health check with real probes on the real-time scheduler: the whole path from socket or process to escalation.</summary>
public sealed class HealthCheckActorRealTimeTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("health-rt");
    private readonly HealthRecorder _recorder = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-health-rt-").FullName;

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        Directory.Delete(_folder, recursive: true);
    }

    private void Start(HealthSpec spec)
    {
        var probe = HealthProbeFactory.Create(spec, ProcessLauncher.ForCurrentOs());
        _system.ActorOf(Props.Create(() => new ProcessActorStandIn(HealthCheckActor.Props(spec, probe, "api-1"), _recorder, Directive.Stop)));
    }

    [Fact]
    public async Task An_http_endpoint_going_bad_turns_healthy_into_a_failure()
    {
        await using var server = new TinyHttpServer(200);
        Start(new HealthSpec
        {
            Type = HealthCheckType.Http,
            Url = server.Url,
            Interval = TimeSpan.FromMilliseconds(50),
            Timeout = TimeSpan.FromSeconds(2),
            Failures = 2,
            StartPeriod = TimeSpan.Zero,
        });

        await Eventually(() => _recorder.Changes.Count == 1);
        _recorder.Changes.Single().State.Should().Be(HealthState.Healthy);

        server.Status = 500;
        await Eventually(() => !_recorder.Failures.IsEmpty);

        _recorder.Changes.Select(c => c.State).Should().Equal(HealthState.Healthy, HealthState.Unhealthy);
        _recorder.Failures.Single().Should().BeOfType<HealthCheckFailedException>().Which.Detail.Should().Contain("HTTP 500");
    }

    [Fact]
    public async Task A_hung_exec_check_is_killed_at_the_timeout_on_the_scheduler()
    {
        var pidFile = Path.Combine(_folder, "check.pid");
        var watch = Stopwatch.StartNew();
        Start(new HealthSpec
        {
            Type = HealthCheckType.Exec,
            Command = "/bin/sh",
            Args = ["-c", $"echo $$ > '{pidFile}'; exec sleep 60"],
            Interval = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromMilliseconds(300),
            Failures = 1,
            StartPeriod = TimeSpan.Zero,
        });

        await Eventually(() => !_recorder.Failures.IsEmpty);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        _recorder.Failures.Single().As<HealthCheckFailedException>().Detail.Should().Contain("timed out after 300ms");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        await Eventually(() => !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the condition should have become true");
            await Task.Delay(10);
        }
    }
}
