using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorWarden.ControlPlane.Client;

namespace ActorWarden.ControlPlane.Tests;

/// <summary>
/// `warden status` asks a warden on loopback without HttpClient (LoopbackHttpGet): these answers come
/// from a scripted socket, so each framing (chunks split anywhere, Content-Length on a connection kept
/// open, the end of the stream) and each broken answer is pinned byte for byte.
/// </summary>
public sealed class LoopbackStatusTests
{
    private const string Status = """{"configFile":"/etc/w.conf","uptime":2.5,"instances":[{"name":"web-1","service":"web","group":"web","path":"/user/warden/web/web/web-1","state":"running","pid":41,"restarts":3,"health":"none"}]}""";

    [Fact]
    public async Task A_chunked_answer_split_anywhere_with_an_extension_and_a_trailer_reads_whole()
    {
        var body = Encoding.UTF8.GetBytes(Status);
        var chunked = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{10:x};name=value\r\n")
            .Concat(body[..10]).Concat("\r\n"u8.ToArray())
            .Concat(Encoding.ASCII.GetBytes($"{body.Length - 10:X}\r\n")).Concat(body[10..]).Concat("\r\n0\r\nX-Trailer: 1\r\n\r\n"u8.ToArray())
            .ToArray();
        await using var server = ScriptedServer.Start(Pieces(chunked, 7), close: false);
        using var client = new WardenApiClient(server.BaseAddress, "secret-token", requestTimeout: TimeSpan.FromSeconds(10));

        var status = await Task.Run(() => client.GetStatus());

        status.Instances.Should().ContainSingle().Which.Should().Match<ActorWarden.Contracts.InstanceStatus>(i => i.Name == "web-1" && i.Pid == 41 && i.Restarts == 3);
        status.Uptime.Should().Be(TimeSpan.FromSeconds(2.5));
        var request = await server.Request;
        request.Should().StartWith("GET /v1/status HTTP/1.1\r\n")
            .And.Contain("\r\nAuthorization: Bearer secret-token\r\n")
            .And.Contain($"\r\nHost: {server.BaseAddress.Authority}\r\n")
            .And.Contain("\r\nConnection: close\r\n");
    }

    [Fact]
    public async Task A_Content_Length_answer_is_read_without_waiting_for_the_connection_to_close()
    {
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {Encoding.UTF8.GetByteCount(Status)}\r\n\r\n{Status}");
        await using var server = ScriptedServer.Start(Pieces(answer, 3), close: false);
        using var client = new WardenApiClient(server.BaseAddress, "t", requestTimeout: TimeSpan.FromSeconds(10));

        using var document = await Task.Run(() => client.GetStatusDocument());

        document.RootElement.GetRawText().Should().Be(Status);
    }

    [Fact]
    public async Task An_answer_without_length_or_chunks_ends_with_the_connection()
    {
        await using var server = ScriptedServer.Start([Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\n\r\n{Status}")], close: true);
        using var client = new WardenApiClient(server.BaseAddress, "t", requestTimeout: TimeSpan.FromSeconds(10));

        using var document = await Task.Run(() => client.GetStatusDocument());

        document.RootElement.GetRawText().Should().Be(Status);
    }

    [Fact]
    public async Task An_answer_cut_short_is_unreachable_with_exit_code_3()
    {
        await using var server = ScriptedServer.Start(["HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"configFile\""u8.ToArray()], close: true);
        using var client = new WardenApiClient(server.BaseAddress, "t", requestTimeout: TimeSpan.FromSeconds(10));

        var act = () => Task.Run(() => client.GetStatus());

        var error = (await act.Should().ThrowAsync<WardenUnreachableException>()).Which;
        error.Message.Should().Be($"cannot reach the warden at {server.BaseAddress}: the connection closed before the answer was complete — is it running?");
        error.ExitCode.Should().Be(3);
    }

    [Fact]
    public async Task Something_that_is_not_HTTP_is_unreachable_and_quoted()
    {
        await using var server = ScriptedServer.Start(["SSH-2.0-OpenSSH_9.6\r\n\r\n"u8.ToArray()], close: true);
        using var client = new WardenApiClient(server.BaseAddress, "t", requestTimeout: TimeSpan.FromSeconds(10));

        var act = () => Task.Run(() => client.GetStatus());

        (await act.Should().ThrowAsync<WardenUnreachableException>()).Which.Message.Should().Contain("the answer is not HTTP/1.1: 'SSH-2.0-OpenSSH_9.6'");
    }

    [Fact]
    public async Task The_wardens_error_is_reported_as_it_said_it()
    {
        await using var server = ScriptedServer.Start(["HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\nE\r\n{\"error\":\"boom\r\n1\r\n\"\r\n1\r\n}\r\n0\r\n\r\n"u8.ToArray()], close: false);
        using var client = new WardenApiClient(server.BaseAddress, "t", requestTimeout: TimeSpan.FromSeconds(10));

        var act = () => Task.Run(() => client.GetStatus());

        var error = (await act.Should().ThrowAsync<WardenServerException>()).Which;
        error.Message.Should().Be("boom");
        error.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task A_warden_that_accepts_but_never_answers_times_out_as_unreachable()
    {
        await using var server = ScriptedServer.Start([], close: false);
        using var client = new WardenApiClient(server.BaseAddress, "t", requestTimeout: TimeSpan.FromMilliseconds(300));

        var act = () => Task.Run(() => client.GetStatus());

        (await act.Should().ThrowAsync<WardenUnreachableException>()).Which.Message.Should().Be($"the warden at {server.BaseAddress} did not answer within 0.3 s");
    }

    /// <summary><paramref name="bytes"/> cut into pieces of <paramref name="size"/>, each sent on its own.</summary>
    private static IReadOnlyList<byte[]> Pieces(byte[] bytes, int size) => bytes.Chunk(size).ToList();

    /// <summary>
    /// A one-connection server on 127.0.0.1: it reads the request's head, then sends each piece with
    /// a pause between, then closes or keeps the connection open until disposed.
    /// </summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private readonly TaskCompletionSource<string> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ScriptedServer(IReadOnlyList<byte[]> pieces, bool close)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _serving = ServeAsync(pieces, close);
        }

        public Uri BaseAddress { get; }

        /// <summary>The request's head as the client sent it.</summary>
        public Task<string> Request => _request.Task;

        public static ScriptedServer Start(IReadOnlyList<byte[]> pieces, bool close) => new(pieces, close);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Stopped while it waited: what the test wanted from it has happened.
            }

            _stop.Dispose();
        }

        private async Task ServeAsync(IReadOnlyList<byte[]> pieces, bool close)
        {
            using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            connection.NoDelay = true;
            var stream = connection.GetStream();
            var head = new List<byte>();
            var buffer = new byte[1024];
            while (!EndsHead(head))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                head.AddRange(buffer.AsSpan(0, read));
            }

            _request.SetResult(Encoding.ASCII.GetString([.. head]));
            foreach (var piece in pieces)
            {
                await stream.WriteAsync(piece, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                await Task.Delay(5, _stop.Token);
            }

            if (!close)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
        }

        private static bool EndsHead(List<byte> head) =>
            head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
    }
}
