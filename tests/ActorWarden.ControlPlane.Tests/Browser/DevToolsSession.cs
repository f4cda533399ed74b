using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorWarden.ControlPlane.Tests.Browser;

/// <summary>
/// The few Chrome DevTools Protocol calls the status page test needs, over one WebSocket: commands are
/// matched to replies by id by a single reader loop; protocol events are ignored.
/// </summary>
public sealed class DevToolsSession : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _reader;
    private int _nextId;

    private DevToolsSession(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<DevToolsSession> ConnectAsync(Uri webSocketUrl)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetBuffer(1 << 16, 1 << 16);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await socket.ConnectAsync(webSocketUrl, timeout.Token);
        return new DevToolsSession(socket);
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sendLock.Release();
        }

        return await reply.Task.WaitAsync(CommandTimeout);
    }

    /// <summary>Runs JavaScript in the page and returns its (JSON-serialisable) value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"page script failed: {expression}\n{exception}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Polls a boolean expression until it is true, failing with the expression and the page's text.</summary>
    public async Task WaitForAsync(string expression, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // While the page is still loading the expression may throw; that counts as "not yet".
            var value = await EvaluateAsync($"(() => {{ try {{ return ({expression}) ? 'true' : 'false'; }} catch (e) {{ return 'error: ' + e.message; }} }})()");
            var outcome = value.GetString();
            if (outcome == "true")
            {
                return;
            }

            if (clock.Elapsed > limit)
            {
                var body = await EvaluateAsync("document.body ? document.body.innerText : '(no body)'");
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0} s waiting for {what} ({expression} → {outcome}); page text:\n{body}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<byte[]> CaptureScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }

        _socket.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_closing.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(buffer, _closing.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using (var json = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)))
            {
                var root = json.RootElement;
                if (root.TryGetProperty("id", out var idElement) && _pending.TryRemove(idElement.GetInt32(), out var reply))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        reply.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
                    }
                    else
                    {
                        reply.TrySetResult(root.GetProperty("result").Clone());
                    }
                }
            }

            message.SetLength(0);
        }

        foreach (var reply in _pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("DevTools connection closed"));
        }
    }
}
