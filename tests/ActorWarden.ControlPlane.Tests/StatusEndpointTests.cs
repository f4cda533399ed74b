using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ActorWarden.ControlPlane.Tests.Fakes;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class StatusEndpointTests
{
    [Fact]
    public async Task Status_is_camel_case_json_with_enum_names_and_durations_in_seconds()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/v1/status");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        root.GetProperty("configFile").GetString().Should().Be("/etc/warden/warden.conf");
        root.GetProperty("uptime").GetDouble().Should().Be(26 * 3600);
        root.GetProperty("groups").GetArrayLength().Should().Be(2);
        var web2 = root.GetProperty("instances")[1];
        web2.GetProperty("name").GetString().Should().Be("web-2");
        web2.GetProperty("state").GetString().Should().Be("running");
        web2.GetProperty("pid").GetInt32().Should().Be(4102);
        web2.GetProperty("uptime").GetDouble().Should().Be(3723.5);
        web2.GetProperty("restarts").GetInt32().Should().Be(2);
        root.GetProperty("instances")[2].GetProperty("state").GetString().Should().Be("stopped");
        root.GetProperty("runtime").GetProperty("deadLetters").GetInt64().Should().Be(7);
    }

    [Fact]
    public async Task A_known_service_returns_its_instances()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/v1/services/web");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("name").GetString().Should().Be("web");
        json.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("name").GetString())
            .Should().Equal("web-1", "web-2");
    }

    [Fact]
    public async Task An_unknown_service_is_404_listing_the_known_names()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/v1/services/wbe");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be("unknown service 'wbe'");
        json.RootElement.GetProperty("known").EnumerateArray().Select(e => e.GetString()).Should().Equal("web", "worker");
    }

    [Fact]
    public async Task Status_of_1000_instances_answers_in_under_50_ms_median()
    {
        await using var server = await RunningServer.StartAsync(FakeWardenControl.Large(services: 100, perService: 10));
        for (var i = 0; i < 5; i++)
        {
            (await server.Client.GetByteArrayAsync("/v1/status")).Length.Should().BeGreaterThan(100_000);
        }

        var samples = new List<double>();
        for (var i = 0; i < 31; i++)
        {
            var clock = Stopwatch.StartNew();
            await server.Client.GetByteArrayAsync("/v1/status");
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        samples[samples.Count / 2].Should().BeLessThan(50, "the latency bar for /v1/status with 1,000 instances");
    }
}
