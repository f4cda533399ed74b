using System.Net;
using ActorWarden.Contracts.Control;
using ActorWarden.ControlPlane.Hosting;
using ActorWarden.ControlPlane.Tests.Fakes;
using ActorWarden.ControlPlane.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorWarden.ControlPlane.Tests;

public sealed class StartupTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("::")]
    public async Task Binding_a_non_loopback_address_without_a_configured_token_is_refused(string host)
    {
        using var directory = new TempDirectory();
        await using var server = new ControlPlaneServer(FakeWardenControl.Standard(), new ControlPlaneOptions { Host = host, Port = 0, TokenFile = directory.File("token") });

        var start = () => server.StartAsync();

        (await start.Should().ThrowAsync<ControlPlaneStartException>())
            .Which.Message.Should().Contain(host).And.Contain("requires a configured token");
        File.Exists(directory.File("token")).Should().BeFalse("nothing happens before the settings are accepted");
    }

    [Fact]
    public async Task A_second_server_on_the_same_port_fails_with_a_clear_error()
    {
        await using var first = await RunningServer.StartAsync();
        var port = first.BaseAddress.Port;
        await using var second = new ControlPlaneServer(FakeWardenControl.Standard(), new ControlPlaneOptions { Port = port, TokenFile = first.Directory.File("state/token") });

        var start = () => second.StartAsync();

        (await start.Should().ThrowAsync<ControlPlaneStartException>())
            .Which.Message.Should().Be($"port {port} on 127.0.0.1 is in use — is another warden running on this config?");
        (await first.Client.GetAsync("/v1/status")).StatusCode.Should().Be(HttpStatusCode.OK, "the first server is unaffected");
    }

    [Fact]
    public async Task A_stopped_server_frees_its_port_for_a_new_one()
    {
        using var directory = new TempDirectory();
        var options = new ControlPlaneOptions { Port = 0, TokenFile = directory.File("token") };
        int port;
        await using (var server = new ControlPlaneServer(FakeWardenControl.Standard(), options))
        {
            await server.StartAsync();
            port = server.BoundAddress!.Port;
            await server.StopAsync();
            server.BoundAddress.Should().NotBeNull();
        }

        await using var again = new ControlPlaneServer(FakeWardenControl.Standard(), options with { Port = port });
        await again.StartAsync();
        again.BoundAddress!.Port.Should().Be(port);
    }

    [Fact]
    public async Task A_stopped_server_can_be_started_again_and_serves_streams_and_commands()
    {
        using var directory = new TempDirectory();
        var control = FakeWardenControl.Standard();
        await using var server = new ControlPlaneServer(control, new ControlPlaneOptions { Port = 0, TokenFile = directory.File("token") });
        await server.StartAsync();
        await server.StopAsync();

        await server.StartAsync();

        using var client = new HttpClient { BaseAddress = server.BoundAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(directory.File("token"))).Trim());
        (await client.PostAsync("/v1/services/web/restart", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var events = await client.GetAsync("/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await reader.ReadLineAsync(timeout.Token)).Should().Be(": connected");
        control.Publish(new WardenEvent(DateTimeOffset.UnixEpoch, "started", "web", "web-1", new Dictionary<string, object?>()));
        (await reader.ReadLineAsync(timeout.Token)).Should().BeEmpty();
        (await reader.ReadLineAsync(timeout.Token)).Should().Contain("\"event\":\"started\"", "a restarted server must not start with its streams already cancelled");
    }

    [Theory]
    [InlineData("warden.example.com", "is not an IP address")]
    [InlineData("127.0.0.1", "port 70000 is out of range", 70000)]
    public async Task Invalid_settings_are_refused_with_one_line_naming_them(string host, string expected, int port = 0)
    {
        using var directory = new TempDirectory();
        await using var server = new ControlPlaneServer(FakeWardenControl.Standard(), new ControlPlaneOptions { Host = host, Port = port, TokenFile = directory.File("token") });

        var start = () => server.StartAsync();

        (await start.Should().ThrowAsync<ControlPlaneStartException>()).Which.Message.Should().Contain(expected).And.NotContain("\n");
    }

    [Fact]
    public async Task A_disabled_control_plane_does_not_listen()
    {
        using var directory = new TempDirectory();
        await using var server = new ControlPlaneServer(FakeWardenControl.Standard(), new ControlPlaneOptions { Enabled = false, Port = 0, TokenFile = directory.File("token") });

        await server.StartAsync();

        server.BoundAddress.Should().BeNull();
        File.Exists(directory.File("token")).Should().BeFalse();
    }

    [Fact]
    public async Task The_hosted_service_starts_and_stops_with_a_generic_host()
    {
        using var directory = new TempDirectory();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IWardenControl>(FakeWardenControl.Standard());
        builder.Services.AddWardenControlPlane(new ControlPlaneOptions { Port = 0, TokenFile = directory.File("token") });
        using var host = builder.Build();

        await host.StartAsync();
        var server = host.Services.GetRequiredService<ControlPlaneServer>();
        using var client = new HttpClient { BaseAddress = server.BoundAddress };
        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        await host.StopAsync();

        var afterStop = () => client.GetAsync("/healthz");
        await afterStop.Should().ThrowAsync<HttpRequestException>("the port is closed once the host stopped");
    }
}
