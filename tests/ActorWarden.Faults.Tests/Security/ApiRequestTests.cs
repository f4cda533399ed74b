using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>
/// The HTTP API's request handling on the real warden (the control-plane unit tests cover a fake tree;
/// these prove the wiring in `warden run`): authentication, body limits, log path safety, unknown names.
/// </summary>
public sealed class ApiRequestTests : IClassFixture<ApiRequestTests.Fixture>
{
    private readonly RunningWarden _warden;
    private readonly string _token;

    public ApiRequestTests(Fixture fixture)
    {
        _warden = fixture.Warden;
        _token = fixture.Token;
    }

    /// <summary>One real warden shared by the class: none of these requests may change what it runs (except the explicit positive control).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private const string Services = """
                web { command = /bin/sh, args = ["-c", "echo web-log-marker-line; exec sleep 1000"], start-seconds = 100ms }
                worker { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """;

        public RunningWarden Warden { get; private set; } = null!;

        public string Token { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Warden = RunningWarden.Start(Services);
            await Warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "web") && SecurityHarness.IsRunning(s, "worker"), SecurityHarness.Patience, "web and worker running");
            Token = SecurityHarness.TokenOf(Warden);
        }

        public async Task DisposeAsync() => await Warden.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "/v1/status")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/v1/logs/web")]
    [InlineData("GET", "/v1/events")]
    [InlineData("POST", "/v1/services/web/stop")]
    [InlineData("POST", "/v1/reload")]
    [InlineData("GET", "/v1/no-such-route")]
    public async Task Without_a_token_or_with_a_wrong_one_every_route_is_401_with_an_empty_body(string method, string path)
    {
        foreach (var token in new string?[] { null, "wrong-token", _token + "x", _token[..^1] })
        {
            using var http = SecurityHarness.Client(_warden, token);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {path} with token '{token}'");
            response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
            var body = await response.Content.ReadAsStringAsync();
            body.Should().BeEmpty("a refused request learns nothing: no detail, no route list");
        }

        SecurityHarness.IsRunning(await _warden.StatusAsync(), "web").Should().BeTrue("no unauthenticated command may have taken effect");
    }

    [Fact]
    public async Task The_right_token_works_in_the_same_wiring()
    {
        using var http = SecurityHarness.Client(_warden, _token);
        using var response = await http.GetAsync("/v1/status");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the positive control for the 401 tests");
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_with_or_without_a_content_length_and_the_command_does_not_run()
    {
        var pidBefore = SecurityHarness.InstanceField(await _warden.StatusAsync(), "web", "pid");
        var big = "{\"reason\":\"" + new string('a', (1024 * 1024) + 16) + "\"}";
        using var http = SecurityHarness.Client(_warden, _token);

        // With a Content-Length the server answers 413 before reading the body; Expect: 100-continue lets
        // the client see that answer instead of racing it with the upload.
        foreach (var path in new[] { "/v1/services/web/restart", "/v1/reload" })
        {
            using var sized = new StringContent(big, Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = sized };
            request.Headers.ExpectContinue = true;
            using var response = await http.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, $"POST {path} with a {big.Length}-byte body");
        }

        // Chunked, the size is only known while reading: 413 once 1 MiB has been read. The server may
        // close the connection while the client is still writing, which the client sees as a broken pipe.
        using (var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))))
        {
            chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/services/web/restart") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            try
            {
                using var response = await http.SendAsync(request);
                response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
            }
            catch (HttpRequestException ex) when (ex.InnerException is IOException)
            {
                // Cut off mid-upload: refused as well (the pid check below proves the command did not run).
            }
        }

        SecurityHarness.InstanceField(await _warden.StatusAsync(), "web", "pid").Should().Be(pidBefore, "a refused restart must not restart anything");
        using var small = new StringContent("{\"reason\":\"small\"}", Encoding.UTF8, "application/json");
        using var ok = await http.PostAsync("/v1/services/worker/restart", small);
        ok.StatusCode.Should().Be(HttpStatusCode.OK, "a body under the limit is accepted (positive control)");
    }

    [Theory]
    [InlineData("/v1/logs/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/v1/logs/%252e%252e%252fetc%252fpasswd")]
    [InlineData("/v1/logs/..%5C..%5Cetc%5Cpasswd")]
    [InlineData("/v1/logs/%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/web/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/web?instance=../../../../etc/passwd")]
    [InlineData("/v1/logs/web?instance=..%2F..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/web?instance=%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/web?stream=..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/web?stream=/etc/passwd")]
    [InlineData("/v1/logs/../../../etc/passwd")]
    public async Task Log_paths_that_try_to_escape_get_400_or_404_and_never_file_contents(string path)
    {
        var response = await RawGetAsync(path);

        response.Status.Should().BeOneOf([400, 404], $"GET {path} answered:\n{response.Text}");
        response.Text.Should().NotContain("root:x:0:0").And.NotContain("/usr/sbin/nologin").And.NotContain("web-log-marker-line");
    }

    [Fact]
    public async Task The_log_endpoint_does_serve_a_real_services_log_so_the_refusals_above_are_not_vacuous()
    {
        await Eventually.True(() => RawGetAsync("/v1/logs/web").Result.Text.Contains("web-log-marker-line", StringComparison.Ordinal), "web's own log served");
    }

    [Theory]
    [InlineData("GET", "/v1/services/nope")]
    [InlineData("POST", "/v1/services/nope/restart")]
    [InlineData("POST", "/v1/services/nope/stop")]
    [InlineData("GET", "/v1/logs/nope")]
    public async Task An_unknown_service_is_404_listing_the_known_names(string method, string path)
    {
        using var http = SecurityHarness.Client(_warden, _token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetString().Should().Contain("nope");
        body.RootElement.GetProperty("known").EnumerateArray().Select(e => e.GetString()).Should().Contain(["web", "worker"]);
    }

    /// <summary>A GET sent byte-exact over a socket (HttpClient would normalise `..` segments and escapes before sending).</summary>
    private async Task<(int Status, string Text)> RawGetAsync(string pathAndQuery)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _warden.Port);
        using var stream = client.GetStream();
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {_token}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(SecurityHarness.Patience);
        var text = await reader.ReadToEndAsync(timeout.Token);
        var statusLine = text.Split("\r\n", 2)[0];
        var parts = statusLine.Split(' ');
        parts.Length.Should().BeGreaterThan(1, $"an HTTP status line, got '{statusLine}'");
        return (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
