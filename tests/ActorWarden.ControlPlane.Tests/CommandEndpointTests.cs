using System.Net;
using System.Text;
using System.Text.Json;
using ActorWarden.ControlPlane.Tests.Infrastructure;
using ActorWarden.Contracts;

namespace ActorWarden.ControlPlane.Tests;

public sealed class CommandEndpointTests
{
    [Theory]
    [InlineData("start", "web")]
    [InlineData("stop", "web-2")]
    [InlineData("restart", "worker")]
    [InlineData("restart", "all")]
    public async Task Commands_reach_the_tree_and_return_its_result(string verb, string target)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync($"/v1/services/{target}/{verb}", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Control.Calls.Should().Equal($"{verb} {target}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("kind").GetString().Should().Be("ok");
        json.RootElement.GetProperty("message").GetString().Should().StartWith($"{verb} {target}");
        json.RootElement.GetProperty("affected").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_json_body_with_a_reason_is_accepted()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/v1/services/web/restart", Json("""{"reason":"deploy 42"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Control.Calls.Should().Equal("restart web");
    }

    [Fact]
    public async Task An_unknown_target_is_404_listing_services_groups_and_all()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/v1/services/nope/restart", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be("no service, group or instance named 'nope'");
        json.RootElement.GetProperty("known").EnumerateArray().Select(e => e.GetString()).Should().Equal("web", "worker", "all");
    }

    [Theory]
    [InlineData(ControlOutcome.Invalid, HttpStatusCode.BadRequest)]
    [InlineData(ControlOutcome.Failed, HttpStatusCode.InternalServerError)]
    public async Task Result_kinds_map_to_status_codes_with_the_message(ControlOutcome kind, HttpStatusCode expected)
    {
        await using var server = await RunningServer.StartAsync();
        server.Control.Respond = (_, _) => new ControlResult(kind, "web: /usr/bin/web: No such file or directory", []);

        using var response = await server.Client.PostAsync("/v1/services/web/start", null);

        response.StatusCode.Should().Be(expected);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be("web: /usr/bin/web: No such file or directory");
    }

    [Theory]
    [InlineData("/v1/services/web/signal?signal=SIGHUP", "signal SIGHUP web")]
    [InlineData("/v1/services/web-2/signal?signal=USR1&group=true", "signal-group USR1 web-2")]
    [InlineData("/v1/services/worker/reload", "reload worker")]
    public async Task Signal_and_service_reload_reach_the_tree(string path, string call)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync(path, null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Control.Calls.Should().Equal(call);
    }

    [Fact]
    public async Task Reload_returns_the_result()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/v1/reload", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Control.Calls.Should().Equal("reload");
    }

    [Fact]
    public async Task Reload_of_a_broken_config_is_400_with_file_line_column()
    {
        await using var server = await RunningServer.StartAsync();
        server.Control.ReloadResult = ControlResult.Invalid("/etc/warden/warden.conf:12:7: expected '}', found end of file");

        using var response = await server.Client.PostAsync("/v1/reload", null);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be("/etc/warden/warden.conf:12:7: expected '}', found end of file");
    }

    [Theory]
    [InlineData("{\"reason\": ")]
    [InlineData("{reason: 1}")]
    [InlineData("not json")]
    public async Task Malformed_json_is_400_with_one_line_and_nothing_runs(string body)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/v1/services/web/restart", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error").GetString();
        error.Should().StartWith("malformed JSON body: line 1, byte ").And.NotContain("\n");
        server.Control.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("[1,2]", "found array")]
    [InlineData("{\"reason\": 5}", "malformed JSON body")]
    public async Task Json_of_the_wrong_shape_is_400(string body, string expected)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/v1/reload", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain(expected);
        server.Control.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_nothing_runs()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { MaxBodyBytes = 1024 });
        var big = "{\"reason\":\"" + new string('x', 4096) + "\"}";

        using var response = await server.Client.PostAsync("/v1/services/web/restart", Json(big));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Contain("larger than 1024 bytes");
        server.Control.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { MaxBodyBytes = 1024 });
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"reason\":\"" + new string('x', 4096) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/reload") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        server.Control.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("GET", "/v1/reload")]
    [InlineData("GET", "/v1/services/web/restart")]
    [InlineData("DELETE", "/v1/status")]
    [InlineData("POST", "/v1/status")]
    public async Task The_wrong_method_is_405(string method, string path)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        server.Control.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/v1/nothing")]
    [InlineData("/v1/services/web/explode")]
    [InlineData("/v2/status")]
    public async Task Unknown_routes_are_404_with_a_json_error(string path)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync(path, null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be($"no such endpoint: POST {path}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
