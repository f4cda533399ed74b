using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Health;

public sealed class HttpHealthProbeTests
{
    private static IHealthProbe Probe(string url, params int[] expect) =>
        HealthProbeFactory.Create(new HealthSpec { Type = HealthCheckType.Http, Url = url, ExpectStatus = expect }, ProcessLauncher.ForCurrentOs());

    [Fact]
    public async Task A_2xx_answer_is_healthy()
    {
        await using var server = new TinyHttpServer(204);

        var result = await Probe(server.Url).ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeTrue();
        result.Detail.Should().Contain("HTTP 204");
        server.Requests.Should().Be(1);
    }

    [Fact]
    public async Task A_5xx_answer_is_unhealthy_and_says_what_came_back()
    {
        await using var server = new TinyHttpServer(503);

        var result = await Probe(server.Url).ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain("HTTP 503").And.Contain("expected 2xx");
    }

    [Fact]
    public async Task Expect_status_replaces_the_2xx_rule()
    {
        await using var server = new TinyHttpServer(503);

        (await Probe(server.Url, 503, 429).ProbeAsync(CancellationToken.None)).Healthy.Should().BeTrue();
        server.Status = 200;
        var result = await Probe(server.Url, 503, 429).ProbeAsync(CancellationToken.None);
        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain("expected 503, 429");
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var server = new TinyHttpServer(302);

        var result = await Probe(server.Url).ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain("HTTP 302");
        server.Requests.Should().Be(1, "the Location must not be fetched");
    }

    [Fact]
    public async Task A_server_that_never_answers_is_abandoned_when_the_token_fires()
    {
        await using var server = new TinyHttpServer { Hang = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await Probe(server.Url).ProbeAsync(timeout.Token);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain("timeout");
    }

    [Fact]
    public async Task Nothing_listening_is_unhealthy_not_an_exception()
    {
        int port;
        await using (var server = new TinyHttpServer())
        {
            port = server.Port;
        }

        var result = await Probe($"http://127.0.0.1:{port}/health").ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain($"127.0.0.1:{port}");
    }
}
