using System.Net.Sockets;
using System.Text;
using ActorWarden.ControlPlane.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Tests;

public sealed class HardeningTests
{
    [Fact]
    public async Task A_client_that_never_finishes_its_headers_is_disconnected()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/status HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var response = Encoding.ASCII.GetString(received.ToArray());
        response.Should().StartWith("HTTP/1.1 408 ", "Kestrel answers 408 and closes a connection whose headers did not arrive in time");
        server.Control.StatusCalls.Should().Be(0);
    }

    [Fact]
    public async Task Oversized_headers_are_rejected()
    {
        await using var server = await RunningServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.TryAddWithoutValidation("X-Big", new string('a', 64 * 1024));

        using var response = await server.Client.SendAsync(request);

        ((int)response.StatusCode).Should().Be(431);
    }

    [Fact]
    public async Task The_token_never_appears_in_the_logs()
    {
        using var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        await using (var server = await RunningServer.StartAsync(loggerFactory: factory))
        {
            await server.Client.GetAsync("/v1/status");
            await server.Client.PostAsync("/v1/services/web/restart", new StringContent("{\"reason\":\"x\"}", Encoding.UTF8, "application/json"));
            await server.Client.PostAsync("/v1/services/nope/restart", null);
            await server.Client.PostAsync("/v1/reload", new StringContent("{broken", Encoding.UTF8, "application/json"));
            await server.NewClient("wrong" + server.Token).GetAsync("/v1/status");
            await server.Anonymous.GetAsync($"/v1/status?token={Uri.EscapeDataString("not-the-token")}");

            provider.Lines.Should().Contain(l => l.Contains("restart web -> Ok"), "commands are logged");
            provider.Lines.Should().NotContain(l => l.Contains(server.Token, StringComparison.Ordinal));
        }

        provider.Lines.Should().Contain(l => l.Contains("control plane: listening on"));
    }
}
