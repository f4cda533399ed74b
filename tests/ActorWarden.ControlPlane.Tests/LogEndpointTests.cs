using System.Net;
using System.Text;
using System.Text.Json;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class LogEndpointTests
{
    [Fact]
    public async Task Tail_returns_the_last_n_lines_of_the_instance_stream()
    {
        await using var server = await StartWithLogsAsync();
        await File.WriteAllLinesAsync(server.Directory.File("web-2.stdout.log"), Enumerable.Range(1, 500).Select(i => $"out {i}"));

        using var response = await server.Client.GetAsync("/v1/logs/web?instance=web-2&tail=3");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await response.Content.ReadAsStringAsync()).Should().Be("out 498\nout 499\nout 500\n");
        server.Control.LogLookups.Should().Contain(("web", "web-2", "stdout"));
    }

    [Fact]
    public async Task Tail_reads_stderr_and_handles_a_last_line_without_newline_and_long_files()
    {
        await using var server = await StartWithLogsAsync();
        var text = new StringBuilder();
        for (var i = 1; i <= 20_000; i++)
        {
            text.Append("error line ").Append(i).Append(' ').Append('x', 40).Append('\n');
        }

        text.Append("partial");
        await File.WriteAllTextAsync(server.Directory.File("web-1.stderr.log"), text.ToString());

        var body = await server.Client.GetStringAsync("/v1/logs/web?instance=web-1&stream=stderr&tail=2");

        body.Should().Be($"error line 20000 {new string('x', 40)}\npartial");
    }

    [Fact]
    public async Task Tail_of_more_lines_than_the_file_has_returns_the_whole_file_and_zero_returns_nothing()
    {
        await using var server = await StartWithLogsAsync();
        await File.WriteAllTextAsync(server.Directory.File("worker.stdout.log"), "a\nb\n");

        (await server.Client.GetStringAsync("/v1/logs/worker?tail=100")).Should().Be("a\nb\n");
        (await server.Client.GetStringAsync("/v1/logs/worker?tail=0")).Should().BeEmpty();
    }

    [Fact]
    public async Task Follow_streams_appended_lines()
    {
        await using var server = await StartWithLogsAsync();
        var path = server.Directory.File("web-1.stdout.log");
        await File.WriteAllTextAsync(path, "old 1\nold 2\n");
        using var response = await server.Client.GetAsync("/v1/logs/web?instance=web-1&tail=1&follow=true", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await reader.ReadLineAsync(timeout.Token)).Should().Be("old 2");

        await File.AppendAllTextAsync(path, "new 1\nnew 2\n");
        (await reader.ReadLineAsync(timeout.Token)).Should().Be("new 1");
        (await reader.ReadLineAsync(timeout.Token)).Should().Be("new 2");

        await File.WriteAllTextAsync(path, "after rotation\n");
        (await reader.ReadLineAsync(timeout.Token)).Should().Be("after rotation");
    }

    [Fact]
    public async Task Follow_waits_for_a_log_file_that_does_not_exist_yet()
    {
        await using var server = await StartWithLogsAsync();
        using var response = await server.Client.GetAsync("/v1/logs/worker?follow=true", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await File.WriteAllTextAsync(server.Directory.File("worker.stdout.log"), "first words\n");

        (await reader.ReadLineAsync(timeout.Token)).Should().Be("first words");
    }

    [Theory]
    [InlineData("/v1/logs/../../etc/passwd")]
    [InlineData("/v1/logs/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/v1/logs/%252e%252e%252fetc%252fpasswd")]
    [InlineData("/v1/logs/..%5C..%5Cetc%5Cpasswd")]
    [InlineData("/v1/logs/web?instance=../../etc/passwd")]
    [InlineData("/v1/logs/web?instance=..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/logs/web?instance=web-1/../../../etc/passwd")]
    [InlineData("/v1/logs/%2Fetc%2Fpasswd")]
    public async Task Traversal_attempts_never_reach_the_file_system(string target)
    {
        await using var server = await StartWithLogsAsync();

        var response = await RawHttp.GetAsync(server.BaseAddress, target, server.Token);

        response.StatusCode.Should().BeOneOf(400, 404);
        response.Body.Should().NotContain("root:");
        server.Control.LogLookups.Should().BeEmpty("names are checked against the configured ones before any path is asked for");
    }

    [Fact]
    public async Task An_unknown_instance_is_404_listing_the_instances_of_the_service()
    {
        await using var server = await StartWithLogsAsync();

        using var response = await server.Client.GetAsync("/v1/logs/web?instance=web-9");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be("unknown instance 'web-9' of service 'web'");
        json.RootElement.GetProperty("known").EnumerateArray().Select(e => e.GetString()).Should().Equal("web-1", "web-2");
    }

    [Theory]
    [InlineData("stream=stdin", "stream must be stdout or stderr, got 'stdin'")]
    [InlineData("tail=-1", "tail must be a whole number from 0 to 100000, got '-1'")]
    [InlineData("tail=lots", "tail must be a whole number from 0 to 100000, got 'lots'")]
    [InlineData("follow=maybe", "follow must be true or false, got 'maybe'")]
    public async Task Bad_query_parameters_are_400_naming_the_parameter(string query, string expected)
    {
        await using var server = await StartWithLogsAsync();

        using var response = await server.Client.GetAsync($"/v1/logs/web?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetString().Should().Be(expected);
    }

    [Fact]
    public async Task A_service_without_logs_is_404()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/v1/logs/web");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("no stdout log for 'web'");
    }

    private static async Task<RunningServer> StartWithLogsAsync()
    {
        var server = await RunningServer.StartAsync(configure: o => o with { LogFollowPollInterval = TimeSpan.FromMilliseconds(50) });
        var directory = server.Directory.Path;
        server.Control.LogPaths = (service, instance, stream) => Path.Combine(directory, $"{instance ?? service}.{stream}.log");
        return server;
    }
}
