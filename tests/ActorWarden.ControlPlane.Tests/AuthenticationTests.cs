using System.Net;
using System.Net.Http.Headers;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class AuthenticationTests
{
    [Theory]
    [InlineData("GET", "/v1/status")]
    [InlineData("GET", "/v1/services/web")]
    [InlineData("GET", "/v1/events")]
    [InlineData("GET", "/v1/logs/web")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/v1/no-such-route")]
    [InlineData("POST", "/v1/services/web/restart")]
    [InlineData("POST", "/v1/reload")]
    [InlineData("POST", "/v1/services/web/reload")]
    [InlineData("POST", "/v1/services/web/signal?signal=HUP")]
    public async Task Requests_without_a_token_get_a_bare_401(string method, string path)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        server.Control.Calls.Should().BeEmpty("a rejected request must not reach the tree");
    }

    [Theory]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("bearer-token")]
    public async Task Wrong_tokens_get_the_same_bare_401(string header)
    {
        await using var server = await RunningServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/services/web/restart");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await server.Anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
        server.Control.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_token_that_is_a_prefix_of_the_right_one_is_rejected()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.NewClient(server.Token[..^1]);

        using var response = await client.GetAsync("/v1/status");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_right_token_is_accepted_whatever_the_case_of_the_scheme()
    {
        await using var server = await RunningServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", server.Token);

        using var response = await server.Anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/app.js")]
    [InlineData("/ui/style.css")]
    [InlineData("/healthz")]
    public async Task The_status_page_files_and_healthz_need_no_token(string path)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Anonymous.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_configured_token_is_used_and_no_token_file_is_written()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { Token = "configured-secret-token" });

        using var client = server.NewClient("configured-secret-token");
        (await client.GetAsync("/v1/status")).StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(server.Server.Options.TokenFile).Should().BeFalse();
    }
}
