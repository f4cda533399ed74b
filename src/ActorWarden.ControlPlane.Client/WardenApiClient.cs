using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Typed client of the control plane, used by the `warden` CLI. It turns every failure into a
/// <see cref="WardenClientException"/> with one line to print and an exit code, so the CLI never shows
/// a raw HttpRequestException or stack trace to an operator.
/// </summary>
public sealed class WardenApiClient : IDisposable
{
    private readonly HttpMessageHandler? _handler;
    private HttpClient? _http;
    private readonly Uri _baseAddress;
    private readonly string _token;
    private readonly TimeSpan _requestTimeout;
    private readonly string? _tokenSource;

    /// <summary>Where `warden status` asks without HttpClient (<see cref="LoopbackHttpGet"/>): null with a handler, off loopback, or for a token HttpClient would have to check.</summary>
    private readonly LoopbackEndpoint? _loopback;

    /// <param name="baseAddress">The warden's address, e.g. http://127.0.0.1:9137/.</param>
    /// <param name="token">The bearer token.</param>
    /// <param name="handler">Optional handler (tests, proxies); the client owns it.</param>
    /// <param name="requestTimeout">Deadline of non-streaming calls (default 30 s); streams have none.</param>
    public WardenApiClient(Uri baseAddress, string token, HttpMessageHandler? handler = null, TimeSpan? requestTimeout = null)
        : this(baseAddress, token, handler, requestTimeout, tokenSource: null)
    {
    }

    private WardenApiClient(Uri baseAddress, string token, HttpMessageHandler? handler, TimeSpan? requestTimeout, string? tokenSource)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _token = token;
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30);
        _tokenSource = tokenSource;
        _loopback = handler is null && LoopbackHttpGet.IsHeaderSafe(token) ? LoopbackEndpoint.Of(_baseAddress) : null;

        _handler = handler;
    }

    public Uri BaseAddress => _baseAddress;

    /// <summary>
    /// Made at the first call that needs it: `warden status` never does, and creating it loads
    /// System.Net.Http with its diagnostics. Nothing else in this class names the type outside the
    /// methods that send through it, so the runtime does not load it before.
    /// </summary>
    private HttpClient Http => _http ?? CreateHttp();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private HttpClient CreateHttp()
    {
        var http = new HttpClient(_handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }, disposeHandler: true)
        {
            BaseAddress = _baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (Interlocked.CompareExchange(ref _http, http, null) is { } other)
        {
            http.Dispose();
            return other;
        }

        return http;
    }

    /// <summary>A client whose token is read from <paramref name="tokenFile"/> (default: the warden's default token file).</summary>
    public static WardenApiClient FromTokenFile(Uri? baseAddress = null, string? tokenFile = null, HttpMessageHandler? handler = null, TimeSpan? requestTimeout = null)
    {
        var path = Path.GetFullPath(tokenFile ?? ControlPlaneDefaults.DefaultTokenFile());
        string token;
        try
        {
            token = TokenFile.Read(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new WardenUnreachableException($"token file {path} does not exist — is the warden running with this state directory?", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new WardenUnreachableException($"cannot use token file: {ex.Message}", ex);
        }

        return new WardenApiClient(baseAddress ?? ControlPlaneDefaults.DefaultBaseAddress(), token, handler, requestTimeout, path);
    }

    public async Task<WardenStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/status");
        return ReadStatus(await SendForBodyAsync(request, static (content, token) => ReadAllAsync(content, token), cancellationToken));
    }

    /// <summary>The status as the warden sent it, parsed but not bound (`warden status --json` prints it so, indented).</summary>
    public async Task<JsonDocument> GetStatusDocumentAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/status");
        return await SendForBodyAsync(request, static (content, token) => JsonDocument.ParseAsync(content, default, token), cancellationToken);
    }

    /// <summary>
    /// <see cref="GetStatusAsync"/> on the calling thread, for `warden status`: over a plain loopback
    /// connection when it can (<see cref="LoopbackHttpGet"/>), else through HttpClient's synchronous
    /// path, which runs the handler's async methods to completion without suspending, so none of their
    /// state machines is boxed: each boxed one cost a process about ten methods compiled at run time
    /// (generic over the state machine, which ReadyToRun cannot precompile), some 200 in all.
    /// </summary>
    public WardenStatus GetStatus(CancellationToken cancellationToken = default) => ReadStatus(GetStatusBody(cancellationToken));

    /// <summary><see cref="GetStatusDocumentAsync"/> on the calling thread (see <see cref="GetStatus"/>).</summary>
    public JsonDocument GetStatusDocument(CancellationToken cancellationToken = default)
    {
        var body = GetStatusBody(cancellationToken);
        try
        {
            return JsonDocument.Parse(body.AsMemory());
        }
        catch (JsonException ex)
        {
            throw new WardenServerException(HttpStatusCode.OK, $"the warden at {BaseAddress} sent a response this client cannot read: {ex.Message}");
        }
    }

    /// <summary>The body of GET v1/status, on the calling thread.</summary>
    private ArraySegment<byte> GetStatusBody(CancellationToken cancellationToken)
    {
        if (_loopback is not null)
        {
            return GetOverLoopback(_loopback, "v1/status", cancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/status");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            HttpResponseMessage response;
            try
            {
                response = Http.Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(ex);
            }

            using (response)
            {
                using var content = response.Content.ReadAsStream(timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    using var reader = new StreamReader(content, Encoding.UTF8);
                    throw ToException(response.StatusCode, response.ReasonPhrase, response.RequestMessage?.RequestUri, reader.ReadToEnd());
                }

                using var body = new MemoryStream();
                content.CopyTo(body);
                return new ArraySegment<byte>(body.GetBuffer(), 0, (int)body.Length);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
    }

    /// <summary>
    /// The body of a GET through <see cref="LoopbackHttpGet"/>, with the failures HttpClient's path
    /// reports: unreachable (refused, cut short), timed out, or the warden's own error.
    /// </summary>
    private ArraySegment<byte> GetOverLoopback(LoopbackEndpoint endpoint, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = new Uri(_baseAddress, path);
        LoopbackHttpGet.Response response;
        try
        {
            response = LoopbackHttpGet.Send(endpoint, uri, _token, _requestTimeout, cancellationToken);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            throw TimedOut(ex);
        }
        catch (SocketException ex)
        {
            var reason = ex.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : ex.Message;
            throw new WardenUnreachableException($"cannot reach the warden at {BaseAddress}: {reason} — is it running?", ex);
        }
        catch (IOException ex)
        {
            throw new WardenUnreachableException($"cannot reach the warden at {BaseAddress}: {ex.Message} — is it running?", ex);
        }

        if (response.StatusCode is < 200 or > 299)
        {
            var status = (HttpStatusCode)response.StatusCode;
            throw ToException(status, response.ReasonPhrase, uri, status == HttpStatusCode.Unauthorized ? "" : Encoding.UTF8.GetString(response.Body));
        }

        return response.Body;
    }

    private static async Task<ArraySegment<byte>> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await content.CopyToAsync(body, cancellationToken);
        return new ArraySegment<byte>(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <summary>The instances of one service; an unknown name throws <see cref="WardenNotFoundException"/> listing the known services.</summary>
    public async Task<IReadOnlyList<InstanceStatus>> GetServiceAsync(string service, CancellationToken cancellationToken = default) =>
        (await GetJsonAsync<ServiceResponse>($"v1/services/{Escape(service)}", cancellationToken)).Instances;

    public Task<ControlResult> StartAsync(string target, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync($"v1/services/{Escape(target)}/start", reason, cancellationToken);

    public Task<ControlResult> StopAsync(string target, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync($"v1/services/{Escape(target)}/stop", reason, cancellationToken);

    public Task<ControlResult> RestartAsync(string target, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync($"v1/services/{Escape(target)}/restart", reason, cancellationToken);

    /// <summary>Sends a signal to the main process (or with <paramref name="group"/> the process group) of each instance of <paramref name="target"/>.</summary>
    public Task<ControlResult> SignalAsync(string target, string signal, bool group, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync($"v1/services/{Escape(target)}/signal?signal={Escape(signal)}&group={(group ? "true" : "false")}", reason, cancellationToken);

    /// <summary>Reloads the running program of each instance of <paramref name="target"/> (its reload.signal or reload.command); same pid, no restart.</summary>
    public Task<ControlResult> ReloadServiceAsync(string target, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync($"v1/services/{Escape(target)}/reload", reason, cancellationToken);

    /// <summary>Reloads the config; a broken config throws <see cref="WardenInvalidRequestException"/> with file:line:column.</summary>
    public Task<ControlResult> ReloadAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync("v1/reload", reason, cancellationToken);

    /// <summary>Live events until the warden stops or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<StreamedEvent> StreamEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var subscription = await SubscribeEventsAsync(cancellationToken);
        while (await subscription.ReadAsync(cancellationToken) is { } wardenEvent)
        {
            yield return wardenEvent;
        }
    }

    /// <summary>
    /// Opens the event stream and returns once the warden has answered. The warden subscribes before it
    /// answers, so every event that happens after this returns is read — a command sent next cannot
    /// have effects the caller misses.
    /// </summary>
    public async Task<WardenEventSubscription> SubscribeEventsAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendStreamingAsync("v1/events", cancellationToken);
        try
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
            return new WardenEventSubscription(this, response, reader);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The live events as the server sends them: one JSON object per line in the events.jsonl shape
    /// (`warden events` prints these as they are, so they compare byte for byte with the file).
    /// </summary>
    public async IAsyncEnumerable<string> StreamEventLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendStreamingAsync("v1/events", cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var events = new ServerSentEventReader(reader);
        while (true)
        {
            var data = await ReadStreamAsync(() => events.ReadEventDataAsync(cancellationToken), cancellationToken);
            if (data is null)
            {
                yield break;
            }

            yield return data;
        }
    }

    /// <summary>Lines of an instance's log: the last <paramref name="tail"/>, then (with <paramref name="follow"/>) every line appended.</summary>
    public async IAsyncEnumerable<string> StreamLogsAsync(
        string service,
        string? instance = null,
        string stream = "stdout",
        int tail = 100,
        bool follow = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendStreamingAsync(LogsPath(service, instance, stream, tail, follow), cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        while (true)
        {
            var line = await ReadStreamAsync(() => reader.ReadLineAsync(cancellationToken).AsTask(), cancellationToken);
            if (line is null)
            {
                yield break;
            }

            yield return line;
        }
    }

    public async Task<IReadOnlyList<string>> TailLogsAsync(string service, string? instance = null, string stream = "stdout", int tail = 100, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        var lines = new List<string>();
        try
        {
            await foreach (var line in StreamLogsAsync(service, instance, stream, tail, follow: false, timeout.Token))
            {
                lines.Add(line);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }

        return lines;
    }

    public void Dispose()
    {
        _http?.Dispose();
    }

    private WardenStatus ReadStatus(ArraySegment<byte> body)
    {
        try
        {
            return WardenStatusReader.Read(body);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new WardenServerException(HttpStatusCode.OK, $"the warden at {BaseAddress} sent a status this client cannot read: {ex.Message}");
        }
    }

    /// <summary>Reads the flat events.jsonl shape: ts, event, service, instance, and every other property as a field.</summary>
    internal StreamedEvent ParseEvent(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("ts" or "event" or "service" or "instance"))
                {
                    fields[property.Name] = property.Value.Clone();
                }
            }

            return new StreamedEvent(
                root.GetProperty("ts").GetDateTimeOffset(),
                root.GetProperty("event").GetString() ?? "",
                root.TryGetProperty("service", out var service) ? service.GetString() : null,
                root.TryGetProperty("instance", out var instance) ? instance.GetString() : null,
                fields);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WardenServerException(HttpStatusCode.OK, $"the warden at {BaseAddress} sent an event this client cannot read: {ex.Message}");
        }
    }

    private static string LogsPath(string service, string? instance, string stream, int tail, bool follow)
    {
        var query = new StringBuilder($"v1/logs/{Escape(service)}?stream={Uri.EscapeDataString(stream)}&tail={tail}");
        if (instance is not null)
        {
            query.Append("&instance=").Append(Uri.EscapeDataString(instance));
        }

        if (follow)
        {
            query.Append("&follow=true");
        }

        return query.ToString();
    }

    private static string Escape(string name) => Uri.EscapeDataString(name);

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendForJsonAsync<T>(request, cancellationToken);
    }

    private async Task<ControlResult> PostAsync(string path, string? reason, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new OperatorRequest(reason), options: ClientJson.Options),
        };
        return await SendForJsonAsync<ControlResult>(request, cancellationToken);
    }

    private async Task<T> SendForJsonAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await SendForBodyAsync(request, async (content, token) => await JsonSerializer.DeserializeAsync<T>(content, ClientJson.Options, token), cancellationToken)
            ?? throw new WardenServerException(HttpStatusCode.OK, $"the warden at {BaseAddress} answered {request.RequestUri} with an empty body");

    /// <summary>Sends <paramref name="request"/> and reads the whole answer with <paramref name="read"/>, within the request timeout.</summary>
    private async Task<T> SendForBodyAsync<T>(HttpRequestMessage request, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return await read(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
        catch (JsonException ex)
        {
            throw new WardenServerException(HttpStatusCode.OK, $"the warden at {BaseAddress} sent a response this client cannot read: {ex.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(_requestTimeout);
        try
        {
            // Headers within the request timeout; the body may then stream for as long as the caller wants.
            return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connectTimeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, cancellationToken);
        }
    }

    internal async Task<T> ReadStreamAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new WardenUnreachableException($"lost the connection to the warden at {BaseAddress}: {ex.Message}", ex);
        }
    }

    private async Task<WardenApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ToException(
            response.StatusCode,
            response.ReasonPhrase,
            response.RequestMessage?.RequestUri,
            response.StatusCode == HttpStatusCode.Unauthorized ? "" : await response.Content.ReadAsStringAsync(cancellationToken));

    private WardenApiException ToException(HttpStatusCode status, string? reasonPhrase, Uri? requestUri, string body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            var source = _tokenSource is null ? "the configured token" : $"the token in {_tokenSource}";
            return new WardenUnauthorizedException($"the warden at {BaseAddress} rejected {source} (401) — is this the token of the warden listening there?");
        }

        ApiError? error = null;
        try
        {
            error = body.Length > 0 ? JsonSerializer.Deserialize(body, ClientJsonContext.Default.ApiError) : null;
        }
        catch (JsonException)
        {
            // Not our error shape (e.g. a proxy's page): fall back to the status line below.
        }

        var message = error?.Error ?? $"{(int)status} {reasonPhrase} from {requestUri}";
        return (int)status switch
        {
            404 => new WardenNotFoundException(message, error?.Known),
            400 or 413 => new WardenInvalidRequestException(status, message),
            >= 500 => new WardenServerException(status, message),
            _ => new WardenApiException(status, message, error?.Known),
        };
    }

    private WardenUnreachableException Unreachable(HttpRequestException ex)
    {
        var refused = ex.HttpRequestError == HttpRequestError.ConnectionError
            && FindSocketError(ex) is SocketError.ConnectionRefused or null;
        var reason = refused ? "connection refused" : ex.Message;
        return new WardenUnreachableException($"cannot reach the warden at {BaseAddress}: {reason} — is it running?", ex);
    }

    private WardenUnreachableException TimedOut(Exception ex) =>
        new($"the warden at {BaseAddress} did not answer within {_requestTimeout.TotalSeconds:0.#} s", ex);

    private static SocketError? FindSocketError(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
