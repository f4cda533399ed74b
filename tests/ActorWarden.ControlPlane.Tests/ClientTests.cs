using System.Net.Sockets;
using System.Net;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class ClientTests
{
    [Fact]
    public async Task The_client_reads_the_token_file_and_round_trips_the_status()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = WardenApiClient.FromTokenFile(server.BaseAddress, server.Server.Options.TokenFile);

        var status = await client.GetStatusAsync();

        status.Instances.Select(i => i.Name).Should().Equal("web-1", "web-2", "worker");
        status.Instances[1].State.Should().Be(ProcessState.Running);
        status.Instances[1].Uptime.Should().Be(TimeSpan.FromSeconds(3723.5));
        status.Groups[0].Services.Should().Equal("web");
        status.Runtime.DeadLetters.Should().Be(7);
    }

    [Fact]
    public async Task Commands_return_the_control_result()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new WardenApiClient(server.BaseAddress, server.Token);

        var result = await client.RestartAsync("web", reason: "deploy");
        await client.StartAsync("web-1");
        await client.StopAsync("all");
        var reload = await client.ReloadAsync();
        await client.SignalAsync("web", "SIGUSR1", group: false);
        await client.SignalAsync("web-2", "RTMIN+1", group: true);
        await client.ReloadServiceAsync("web");

        result.Kind.Should().Be(ControlOutcome.Ok);
        result.Affected.Should().Equal("web-1", "web-2");
        reload.Kind.Should().Be(ControlOutcome.Ok);
        server.Control.Calls.Should().Equal("restart web", "start web-1", "stop all", "reload", "signal SIGUSR1 web", "signal-group RTMIN+1 web-2", "reload web");
        (await client.GetServiceAsync("web")).Select(i => i.Name).Should().Equal("web-1", "web-2");
    }

    [Fact]
    public async Task Unknown_names_throw_not_found_with_the_known_names()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new WardenApiClient(server.BaseAddress, server.Token);

        var act = () => client.GetServiceAsync("wbe");

        var error = (await act.Should().ThrowAsync<WardenNotFoundException>()).Which;
        error.Message.Should().Be("unknown service 'wbe'");
        error.Known.Should().Equal("web", "worker");
        error.ExitCode.Should().Be(1);
    }

    [Fact]
    public async Task A_broken_config_throws_invalid_with_the_server_message_and_exit_code_2()
    {
        await using var server = await RunningServer.StartAsync();
        server.Control.ReloadResult = ControlResult.Invalid("/etc/warden/warden.conf:3:1: unknown key 'comand', did you mean 'command'?");
        using var client = new WardenApiClient(server.BaseAddress, server.Token);

        var act = () => client.ReloadAsync();

        var error = (await act.Should().ThrowAsync<WardenInvalidRequestException>()).Which;
        error.ServerMessage.Should().Be("/etc/warden/warden.conf:3:1: unknown key 'comand', did you mean 'command'?");
        error.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task A_failed_command_throws_a_server_exception()
    {
        await using var server = await RunningServer.StartAsync();
        server.Control.Respond = (_, _) => ControlResult.Failed("web-1: /srv/web: permission denied");
        using var client = new WardenApiClient(server.BaseAddress, server.Token);

        var act = () => client.StartAsync("web");

        var error = (await act.Should().ThrowAsync<WardenServerException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        error.Message.Should().Be("web-1: /srv/web: permission denied");
    }

    [Fact]
    public async Task A_wrong_token_throws_unauthorized_naming_the_token_file()
    {
        await using var server = await RunningServer.StartAsync();
        var tokenFile = server.Directory.File("other-token");
        await File.WriteAllTextAsync(tokenFile, "not-the-token");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var client = WardenApiClient.FromTokenFile(server.BaseAddress, tokenFile);

        var act = () => client.GetStatusAsync();

        (await act.Should().ThrowAsync<WardenUnauthorizedException>()).Which.Message.Should().Contain(tokenFile).And.Contain("401");
    }

    [Fact]
    public async Task Connection_refused_throws_unreachable_with_exit_code_3()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new WardenApiClient(new Uri($"http://127.0.0.1:{port}/"), "token");

        var act = () => client.GetStatusAsync();

        var error = (await act.Should().ThrowAsync<WardenUnreachableException>()).Which;
        error.Message.Should().Be($"cannot reach the warden at http://127.0.0.1:{port}/: connection refused — is it running?");
        error.ExitCode.Should().Be(3);
    }

    [Fact]
    public void A_missing_token_file_is_reported_as_unreachable()
    {
        using var directory = new TempDirectory();

        var act = () => WardenApiClient.FromTokenFile(new Uri("http://127.0.0.1:9/"), directory.File("token"));

        act.Should().Throw<WardenUnreachableException>().Which.Message.Should().Contain("does not exist").And.Contain(directory.File("token"));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_unreachable()
    {
        await using var server = await RunningServer.StartAsync();
        server.Control.StatusGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using var client = new WardenApiClient(server.BaseAddress, server.Token, requestTimeout: TimeSpan.FromMilliseconds(300));

            var act = () => client.GetStatusAsync();

            (await act.Should().ThrowAsync<WardenUnreachableException>()).Which.Message.Should().Contain("did not answer within 0.3 s");
        }
        finally
        {
            server.Control.StatusGate.SetResult();
        }
    }

    [Fact]
    public async Task StreamEventsAsync_yields_published_events()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new WardenApiClient(server.BaseAddress, server.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = client.StreamEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = events.MoveNextAsync().AsTask();
        await Eventually.True(() => server.Control.SubscriberCount == 2, "the subscription (beside the server's recent-events recorder)");

        server.Control.Publish(new WardenEvent(DateTimeOffset.UnixEpoch, "started", "web", "web-1", new Dictionary<string, object?> { ["pid"] = 99 }));

        (await first).Should().BeTrue();
        events.Current.Event.Should().Be("started");
        events.Current.Instance.Should().Be("web-1");
        events.Current.Fields["pid"]!.ToString().Should().Be("99");
    }

    [Fact]
    public async Task TailLogsAsync_and_StreamLogsAsync_return_lines()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { LogFollowPollInterval = TimeSpan.FromMilliseconds(50) });
        var path = server.Directory.File("web-1.log");
        await File.WriteAllTextAsync(path, "one\ntwo\nthree\n");
        server.Control.LogPaths = (_, _, _) => path;
        using var client = new WardenApiClient(server.BaseAddress, server.Token);

        (await client.TailLogsAsync("web", "web-1", tail: 2)).Should().Equal("two", "three");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var lines = client.StreamLogsAsync("web", "web-1", tail: 1, follow: true, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        (await lines.MoveNextAsync()).Should().BeTrue();
        lines.Current.Should().Be("three");
        await File.AppendAllTextAsync(path, "four\n");
        (await lines.MoveNextAsync()).Should().BeTrue();
        lines.Current.Should().Be("four");
    }
}
