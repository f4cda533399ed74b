using System.Diagnostics;
using System.Net;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class HealthzTests
{
    [Fact]
    public async Task Healthz_is_ok_when_the_tree_answers()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Anonymous.GetAsync("/healthz");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("ok\n");
    }

    [Fact]
    public async Task Healthz_answers_head_requests_for_probes_that_use_them()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Healthz_is_503_when_the_tree_does_not_answer_in_time()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { HealthTimeout = TimeSpan.FromMilliseconds(300) });
        server.Control.StatusGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await server.Anonymous.GetAsync("/healthz");

            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await response.Content.ReadAsStringAsync()).Should().Contain("did not answer within 300 ms");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a wedged tree must not wedge the probe");
        }
        finally
        {
            server.Control.StatusGate.SetResult();
        }
    }
}
