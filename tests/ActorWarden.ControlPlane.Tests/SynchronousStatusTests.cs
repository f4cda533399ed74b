using System.Net;
using System.Net.Sockets;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

/// <summary>`warden status` asks synchronously (WardenApiClient.GetStatus): the same answer and the same failures as the async call.</summary>
public sealed class SynchronousStatusTests
{
    [Fact]
    public async Task GetStatus_answers_what_GetStatusAsync_answers()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = WardenApiClient.FromTokenFile(server.BaseAddress, server.Server.Options.TokenFile);

        var status = await Task.Run(() => client.GetStatus());

        status.Should().BeEquivalentTo(await client.GetStatusAsync(), o => o.Excluding(s => s.Uptime));
        status.Instances.Select(i => i.Name).Should().Equal("web-1", "web-2", "worker");
    }

    [Fact]
    public async Task A_wrong_token_throws_unauthorized_naming_the_token_file()
    {
        await using var server = await RunningServer.StartAsync();
        var tokenFile = server.Directory.File("other-token");
        await File.WriteAllTextAsync(tokenFile, "not-the-token");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var client = WardenApiClient.FromTokenFile(server.BaseAddress, tokenFile);

        var act = () => Task.Run(() => client.GetStatusDocument());

        (await act.Should().ThrowAsync<WardenUnauthorizedException>()).Which.Message.Should().Contain(tokenFile).And.Contain("401");
    }

    [Fact]
    public void Connection_refused_throws_unreachable_with_exit_code_3()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new WardenApiClient(new Uri($"http://127.0.0.1:{port}/"), "token");

        var act = () => client.GetStatus();

        var error = act.Should().Throw<WardenUnreachableException>().Which;
        error.Message.Should().Be($"cannot reach the warden at http://127.0.0.1:{port}/: connection refused — is it running?");
        error.ExitCode.Should().Be(3);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_unreachable()
    {
        await using var server = await RunningServer.StartAsync();
        server.Control.StatusGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using var client = new WardenApiClient(server.BaseAddress, server.Token, requestTimeout: TimeSpan.FromMilliseconds(300));

            var act = () => Task.Run(() => client.GetStatus());

            (await act.Should().ThrowAsync<WardenUnreachableException>()).Which.Message.Should().Contain("did not answer within 0.3 s");
        }
        finally
        {
            server.Control.StatusGate.SetResult();
        }
    }
}
