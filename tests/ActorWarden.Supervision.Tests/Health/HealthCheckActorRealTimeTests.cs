using ActorWarden.Config;
using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Akka.TestKit;

namespace ActorWarden.Supervision.Tests.Health;

/// <summary>The health check with real probes on the real-time scheduler: the whole path from socket or process to the parent's supervisor.</summary>
public sealed class HealthCheckActorRealTimeTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TestProbe _parent;
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-health-rt-").FullName;

    public HealthCheckActorRealTimeTests() => _parent = CreateTestProbe("parent");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Directory.Delete(_folder, recursive: true);
    }

    private void Start(HealthSpec spec)
    {
        var probe = HealthProbeFactory.Create(spec, ProcessLauncher.ForCurrentOs());
        ActorOf(Props.Create(() => new ProcessActorStandIn(HealthCheckActor.Props(spec, probe, "api-1"), _parent.Ref, Directive.Stop)));
    }

    /// <summary>The failure (a system message) may overtake the Unhealthy notification (an ordinary one).</summary>
    private HealthCheckFailedException ExpectUnhealthyAndFailure(TimeSpan? timeout = null)
    {
        var messages = _parent.ReceiveN(2, timeout ?? Patience);
        messages.OfType<HealthChanged>().Should().ContainSingle().Which.State.Should().Be(HealthState.Unhealthy);
        return messages.OfType<ChildFailed>().Should().ContainSingle().Which.Cause.Should().BeOfType<HealthCheckFailedException>().Subject;
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

        _parent.ExpectMsg<HealthChanged>(Patience).State.Should().Be(HealthState.Healthy);
        server.Status = 500;

        ExpectUnhealthyAndFailure().Detail.Should().Contain("HTTP 500");
    }

    [Fact]
    public void A_hung_exec_check_is_killed_at_the_timeout_on_the_scheduler()
    {
        var pidFile = Path.Combine(_folder, "check.pid");
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

        ExpectUnhealthyAndFailure(TimeSpan.FromSeconds(5)).Detail.Should().Contain("timed out after 300ms");

        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        AwaitCondition(
            () => !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal),
            Patience,
            message: $"the check process {pid} is killed");
    }
}
