using System.Net;
using System.Text.Json;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class EventStreamTests
{
    /// <summary>The server's own subscription, which keeps the events /v1/events/recent returns.</summary>
    private const int RecentEventsRecorder = 1;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_are_sent_in_exactly_the_events_jsonl_shape()
    {
        await using var server = await RunningServer.StartAsync();
        using var stream = await OpenAsync(server);
        (await ReadLineAsync(stream)).Should().Be(": connected");
        (await ReadLineAsync(stream)).Should().BeEmpty();
        var published = new WardenEvent(
            new DateTimeOffset(2026, 11, 21, 10, 42, 7, 118, TimeSpan.Zero),
            "exited",
            "worker",
            "worker",
            new Dictionary<string, object?> { ["pid"] = 41822, ["code"] = 1, ["uptime"] = TimeSpan.FromMilliseconds(1200) });

        server.Control.Publish(published);

        (await ReadLineAsync(stream)).Should().Be("data: " + ActorWarden.Contracts.Events.EventJson.ToJson(published))
            .And.Be("data: {\"ts\":\"2026-11-21T10:42:07.118Z\",\"event\":\"exited\",\"service\":\"worker\",\"instance\":\"worker\",\"pid\":41822,\"code\":1,\"uptime\":1200}");
    }

    [Fact]
    public async Task Events_are_delivered_live_as_one_data_line_of_json_each()
    {
        await using var server = await RunningServer.StartAsync();
        using var stream = await OpenAsync(server);
        (await ReadLineAsync(stream)).Should().Be(": connected");
        (await ReadLineAsync(stream)).Should().BeEmpty();

        var ts = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        server.Control.Publish(new WardenEvent(ts, "exited", "web", "web-2", new Dictionary<string, object?> { ["code"] = 137, ["signal"] = 9, ["reason"] = "line1\nline2" }));
        server.Control.Publish(new WardenEvent(ts.AddSeconds(1), "backoff", "web", "web-2", new Dictionary<string, object?> { ["delay_ms"] = 1000 }));

        var first = await ReadLineAsync(stream);
        first.Should().StartWith("data: ");
        (await ReadLineAsync(stream)).Should().BeEmpty();
        using (var json = JsonDocument.Parse(first!["data: ".Length..]))
        {
            json.RootElement.GetProperty("event").GetString().Should().Be("exited");
            json.RootElement.GetProperty("service").GetString().Should().Be("web");
            json.RootElement.GetProperty("instance").GetString().Should().Be("web-2");
            json.RootElement.GetProperty("ts").GetDateTimeOffset().Should().Be(ts);
            json.RootElement.GetProperty("code").GetInt32().Should().Be(137);
            json.RootElement.GetProperty("reason").GetString().Should().Be("line1\nline2");
        }

        var second = await ReadLineAsync(stream);
        second.Should().Contain("\"event\":\"backoff\"").And.Contain("\"delay_ms\":1000");
    }

    [Fact]
    public async Task Idle_streams_get_heartbeat_comments()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { EventHeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        using var stream = await OpenAsync(server);
        (await ReadLineAsync(stream)).Should().Be(": connected");
        (await ReadLineAsync(stream)).Should().BeEmpty();

        (await ReadLineAsync(stream)).Should().Be(": heartbeat");
        (await ReadLineAsync(stream)).Should().BeEmpty();
        (await ReadLineAsync(stream)).Should().Be(": heartbeat");
    }

    [Fact]
    public async Task Recent_events_are_the_last_ones_published_oldest_first_within_the_limit()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { RecentEvents = 3 });
        await Eventually.True(() => server.Control.SubscriberCount == RecentEventsRecorder, "the recorder's subscription");
        var ts = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 4; i++)
        {
            server.Control.Publish(new WardenEvent(ts.AddSeconds(i), "started", "web", "web-1", new Dictionary<string, object?> { ["pid"] = 100 + i }));
        }

        await Eventually.True(() => Pids(server, "v1/events/recent").Result.SequenceEqual([102, 103, 104]), "the last three events");
        (await Pids(server, "v1/events/recent?limit=2")).Should().Equal(103, 104);
        (await server.Client.GetAsync("v1/events/recent?limit=-1")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await server.Anonymous.GetAsync("v1/events/recent")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<int[]> Pids(RunningServer server, string path)
    {
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync(path));
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("pid").GetInt32()).ToArray();
    }

    [Fact]
    public async Task A_client_disconnect_ends_the_subscription()
    {
        await using var server = await RunningServer.StartAsync();
        var stream = await OpenAsync(server);
        (await ReadLineAsync(stream)).Should().Be(": connected");
        server.Control.SubscriberCount.Should().Be(RecentEventsRecorder + 1);

        stream.Dispose();

        await Eventually.True(() => server.Control.SubscriberCount == RecentEventsRecorder, "the server to drop the subscription");
    }

    [Fact]
    public async Task The_stream_ends_cleanly_when_the_warden_stops_publishing()
    {
        await using var server = await RunningServer.StartAsync();
        using var stream = await OpenAsync(server);
        (await ReadLineAsync(stream)).Should().Be(": connected");
        (await ReadLineAsync(stream)).Should().BeEmpty();

        server.Control.CompleteSubscriptions();

        (await ReadLineAsync(stream)).Should().BeNull("the response ends");
    }

    [Fact]
    public async Task Stopping_the_server_ends_open_streams_promptly()
    {
        var server = await RunningServer.StartAsync();
        using var stream = await OpenAsync(server);
        (await ReadLineAsync(stream)).Should().Be(": connected");

        var stop = server.DisposeAsync().AsTask();

        (await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(4)))).Should().BeSameAs(stop, "an open event stream must not hold up shutdown");
        await stop;
    }

    private sealed class EventStream : IDisposable
    {
        public required HttpResponseMessage Response { get; init; }

        public required StreamReader Reader { get; init; }

        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
        }
    }

    private static async Task<EventStream> OpenAsync(RunningServer server)
    {
        var response = await server.Client.GetAsync("/v1/events", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        return new EventStream { Response = response, Reader = new StreamReader(await response.Content.ReadAsStreamAsync()) };
    }

    private static async Task<string?> ReadLineAsync(EventStream stream)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await stream.Reader.ReadLineAsync(timeout.Token);
    }
}
