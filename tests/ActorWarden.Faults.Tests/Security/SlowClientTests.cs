using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>
/// Slowloris: clients trickling their request headers are cut off (408 or closed) within the documented
/// request-headers timeout (10 s, docs/http-api.md), and the warden answers other clients meanwhile.
/// </summary>
public sealed class SlowClientTests
{
    private static readonly TimeSpan DocumentedHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Kestrel checks its timeouts on a one-second heartbeat; allow that plus scheduling on a loaded 2-core CI box.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Clients_sending_headers_byte_by_byte_are_cut_off_within_the_headers_timeout_while_others_are_served()
    {
        await using var warden = RunningWarden.Start("""
                app { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "app"), SecurityHarness.Patience, "app running");
        using var http = SecurityHarness.Client(warden, SecurityHarness.TokenOf(warden));
        http.Timeout = TimeSpan.FromSeconds(10);

        var slow = Enumerable.Range(0, 8).Select(_ => TrickleAsync(warden.Port)).ToList();
        var served = 0;
        var clock = Stopwatch.StartNew();
        while (slow.Any(t => !t.IsCompleted))
        {
            clock.Elapsed.Should().BeLessThan(DocumentedHeadersTimeout + Slack + TimeSpan.FromSeconds(5), "the slow clients must have been cut off by now");
            using var response = await http.GetAsync("/v1/status");
            response.StatusCode.Should().Be(HttpStatusCode.OK, "other clients are answered while the slow ones trickle");
            served++;
            await Task.WhenAny(Task.WhenAll(slow), Task.Delay(250));
        }

        foreach (var result in await Task.WhenAll(slow))
        {
            result.Elapsed.Should().BeLessThan(DocumentedHeadersTimeout + Slack, $"a trickling client must be cut off within the documented {DocumentedHeadersTimeout.TotalSeconds} s (it was cut off by: {result.How})");
            result.How.Should().BeOneOf("408", "closed", "reset");
            result.BytesSent.Should().BeGreaterThan(5, "the client really trickled for a while before being cut off");
        }

        served.Should().BeGreaterThan(5, "the warden kept answering during the whole slowloris");
        warden.HasExited.Should().BeFalse();
    }

    private sealed record Cutoff(TimeSpan Elapsed, string How, int BytesSent);

    /// <summary>Sends a request whose headers never end, one byte every 200 ms, until the server answers or drops the connection.</summary>
    private static async Task<Cutoff> TrickleAsync(int port)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        var clock = Stopwatch.StartNew();
        using var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        var buffer = new byte[1024];
        var read = stream.ReadAsync(buffer).AsTask();
        var sent = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (read.IsCompleted)
            {
                return Outcome(read, buffer, clock.Elapsed, sent);
            }

            try
            {
                var b = sent < head.Length ? head[sent] : (byte)'a';
                await stream.WriteAsync(new[] { b });
                sent++;
            }
            catch (IOException)
            {
                await Task.WhenAny(read, Task.Delay(1000));
                return read.IsCompleted ? Outcome(read, buffer, clock.Elapsed, sent) : new Cutoff(clock.Elapsed, "reset", sent);
            }

            await Task.WhenAny(read, Task.Delay(200));
        }

        return new Cutoff(clock.Elapsed, "never", sent);
    }

    private static Cutoff Outcome(Task<int> read, byte[] buffer, TimeSpan elapsed, int sent)
    {
        if (read.IsFaulted)
        {
            return new Cutoff(elapsed, "reset", sent);
        }

        var n = read.Result;
        if (n == 0)
        {
            return new Cutoff(elapsed, "closed", sent);
        }

        var text = Encoding.ASCII.GetString(buffer, 0, n);
        return new Cutoff(elapsed, text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal) ? "408" : "answered: " + text.Split('\r')[0], sent);
    }
}
