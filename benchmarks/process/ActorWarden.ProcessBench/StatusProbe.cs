using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ActorWarden.ProcessBench;

/// <summary>Counts Running instances through the warden's own reporting: events.jsonl (incremental) and GET /v1/status.</summary>
internal sealed class StatusProbe : IDisposable
{
    private readonly EventReader _events;
    private readonly Dictionary<string, bool> _running = new(StringComparer.Ordinal);
    private readonly HttpClient? _http;
    private readonly string? _tokenFile;

    /// <param name="eventsPath">The warden's events.jsonl.</param>
    /// <param name="port">Control-plane port, or null when the API is off.</param>
    /// <param name="tokenFile">The token file the warden generates (read once it exists).</param>
    /// <param name="requestTimeout">Per request (connect, send, whole response read); 30 s when not given.</param>
    /// <param name="closeConnections">Send `Connection: close`, so no keep-alive socket of ours stays open in the warden
    /// between requests (the churn scenario counts the warden's fds).</param>
    public StatusProbe(string eventsPath, int? port, string? tokenFile = null, TimeSpan? requestTimeout = null, bool closeConnections = false)
    {
        _events = new EventReader(eventsPath);
        _tokenFile = tokenFile;
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30);
        if (port is { } p)
        {
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}/"), Timeout = RequestTimeout };
            _http.DefaultRequestHeaders.ConnectionClose = closeConnections;
        }
    }

    public TimeSpan RequestTimeout { get; }

    /// <summary>Why the latest request failed (null after a success).</summary>
    public string? LastError { get; private set; }

    private bool EnsureToken()
    {
        if (_http is null)
        {
            return false;
        }

        if (_http.DefaultRequestHeaders.Authorization is not null)
        {
            return true;
        }

        try
        {
            if (_tokenFile is not null && File.Exists(_tokenFile) && File.ReadAllText(_tokenFile).Trim() is { Length: > 0 } token)
            {
                _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return true;
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    public int EventsSeen { get; private set; }

    /// <summary>Instances whose latest state in events.jsonl is Running.</summary>
    public int RunningFromEvents()
    {
        foreach (var e in _events.ReadNew())
        {
            EventsSeen++;
            if (e.Instance is null)
            {
                continue;
            }

            var key = (e.Service ?? "") + "/" + e.Instance;
            if (e.State is { } s && (e.Event.Equals("state", StringComparison.OrdinalIgnoreCase) || e.Event.Equals("transition", StringComparison.OrdinalIgnoreCase)))
            {
                _running[key] = s.Equals("running", StringComparison.OrdinalIgnoreCase);
            }
            else if (e.Event.Equals("running", StringComparison.OrdinalIgnoreCase))
            {
                _running[key] = true;
            }
            else if (e.Event is "exited" or "stopped" or "fatal" or "backoff" or "stopping")
            {
                _running[key] = false;
            }
        }

        return _running.Values.Count(v => v);
    }

    /// <summary>GET /v1/status: (instances Running, total instances, request milliseconds), or null when unavailable.</summary>
    public (int Running, int Total, double Ms)? RunningFromHttp() =>
        Status() is { } s && CountRunning(s.Body) is { } c ? (c.Running, c.Total, s.Ms) : null;

    /// <summary>Σ restarts over instances and the instance count, from GET /v1/status.</summary>
    public (long Restarts, int Instances)? RestartsFromHttp() => Status() is { } s ? CountRestarts(s.Body) : null;

    private static (long Restarts, int Instances)? CountRestarts(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            long restarts = 0;
            var n = 0;
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name.Equals("instances", StringComparison.OrdinalIgnoreCase) && prop.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var inst in prop.Value.EnumerateArray())
                    {
                        n++;
                        foreach (var f in inst.EnumerateObject())
                        {
                            if (f.Name.Equals("restarts", StringComparison.OrdinalIgnoreCase) && f.Value.TryGetInt64(out var r))
                            {
                                restarts += r;
                            }
                        }
                    }
                }
            }

            return (restarts, n);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Σ restarts and the warden's own allocation and collection counters (`runtime`, sampled by the warden at most
    /// once a second), from one GET /v1/status: two readings give what a restart allocates.
    /// </summary>
    public (long Restarts, long AllocatedBytes, int[] Collections)? CostFromHttp()
    {
        if (Status() is not { } s || CountRestarts(s.Body) is not { } counted)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(s.Body);
            if (!doc.RootElement.TryGetProperty("runtime", out var runtime) ||
                !runtime.TryGetProperty("allocatedBytes", out var allocated) || !runtime.TryGetProperty("collections", out var collections))
            {
                return null;
            }

            return (counted.Restarts, allocated.GetInt64(), collections.EnumerateArray().Select(c => c.GetInt32()).ToArray());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Σ restarts and `runtime.stages` (the warden's CPU, allocations and entries by stage, cumulative) from one
    /// GET /v1/status, so that a reader divides the stages by the restarts they paid for. Stages is null when the reply
    /// has none (`warden.diagnostics.stage-costs` off, or a warden older than the option); null altogether when the
    /// request failed (<see cref="LastError"/>) or the reply does not parse.
    /// </summary>
    public (long Restarts, IReadOnlyList<StageCost>? Stages)? StagesFromHttp()
    {
        if (Status() is not { } s || CountRestarts(s.Body) is not { } counted)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(s.Body);
            if (!doc.RootElement.TryGetProperty("runtime", out var runtime) ||
                !runtime.TryGetProperty("stages", out var stages) || stages.ValueKind != JsonValueKind.Array)
            {
                return (counted.Restarts, null);
            }

            return (counted.Restarts, stages.EnumerateArray()
                .Select(x => new StageCost(x.GetProperty("stage").GetString() ?? "", x.GetProperty("cpuNanoseconds").GetInt64(),
                    x.GetProperty("allocatedBytes").GetInt64(), x.GetProperty("entries").GetInt64()))
                .ToList());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            LastError = "GET /v1/status: unexpected runtime.stages: " + OneLine(e.Message);
            return null;
        }
    }

    private (string Body, double Ms)? Status() =>
        Send(HttpMethod.Get, "v1/status", null) is { Ok: true } r ? (r.Body, r.Ms) : null;

    /// <summary>One request, never longer than <see cref="RequestTimeout"/>; every failure becomes <see cref="ApiReply.Error"/>, nothing throws.</summary>
    public ApiReply Send(HttpMethod method, string path, string? jsonBody)
    {
        ApiReply reply;
        if (_http is null)
        {
            reply = new ApiReply(null, "", 0, "the control plane is off in this config");
        }
        else if (!EnsureToken())
        {
            reply = new ApiReply(null, "", 0, $"no token in {_tokenFile ?? "(no token file given)"} yet");
        }
        else
        {
            reply = SendOnce(_http, method, path, jsonBody);
        }

        LastError = reply.Error;
        return reply;
    }

    private ApiReply SendOnce(HttpClient http, HttpMethod method, string path, string? jsonBody)
    {
        var sw = Stopwatch.StartNew();
        // HttpClient.Timeout covers the whole exchange (the body is buffered before SendAsync returns); the token
        // source is a second guard so that nothing here can block much longer than the timeout.
        using var cts = new CancellationTokenSource(RequestTimeout + TimeSpan.FromSeconds(2));
        try
        {
            using var req = new HttpRequestMessage(method, path);
            if (jsonBody is not null)
            {
                req.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
            }

            using var resp = http.SendAsync(req, HttpCompletionOption.ResponseContentRead, cts.Token).GetAwaiter().GetResult();
            var body = resp.Content.ReadAsStringAsync(cts.Token).GetAwaiter().GetResult();
            var code = (int)resp.StatusCode;
            return new ApiReply(code, body, sw.Elapsed.TotalMilliseconds,
                resp.IsSuccessStatusCode ? null : $"{method} /{path}: HTTP {code} {OneLine(body)}");
        }
        catch (Exception e) when (e is TaskCanceledException or OperationCanceledException or TimeoutException)
        {
            return new ApiReply(null, "", sw.Elapsed.TotalMilliseconds, $"{method} /{path}: no answer within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new ApiReply(null, "", sw.Elapsed.TotalMilliseconds, $"{method} /{path}: {OneLine(e.Message)}");
        }
    }

    private static string OneLine(string s)
    {
        var t = s.ReplaceLineEndings(" ").Trim();
        return t.Length > 200 ? t[..200] + "…" : t;
    }

    /// <summary>
    /// POST /v1/services/{target}/{verb} (start, stop, restart), retried every 0.5 s while the warden does not answer
    /// or answers 5xx (busy: the command's ask timed out; start and stop are idempotent, so a retry is harmless),
    /// until it succeeds, answers a 4xx (not retried: the request itself is wrong), <paramref name="giveUp"/> says so
    /// (e.g. the warden exited) or <paramref name="budget"/> is spent. Never blocks longer than budget + one request timeout.
    /// </summary>
    public CommandOutcome Command(string verb, string target, string reason, TimeSpan budget, Func<string?>? giveUp = null)
    {
        var sw = Stopwatch.StartNew();
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["reason"] = reason });
        var attempts = 0;
        while (true)
        {
            attempts++;
            var r = Send(HttpMethod.Post, $"v1/services/{Uri.EscapeDataString(target)}/{verb}", body);
            var secs = sw.Elapsed.TotalSeconds;
            if (r.Ok)
            {
                return new CommandOutcome(true, attempts, secs, $"POST {verb} {target}: HTTP {r.Code} after {secs:0.0} s ({attempts} attempt{(attempts == 1 ? "" : "s")})");
            }

            if (r.Code is >= 400 and < 500)
            {
                return new CommandOutcome(false, attempts, secs, $"POST {verb} {target} refused: {r.Error}");
            }

            if (giveUp?.Invoke() is { } why)
            {
                return new CommandOutcome(false, attempts, secs, $"POST {verb} {target}: {why} (last answer: {r.Error})");
            }

            if (sw.Elapsed + TimeSpan.FromMilliseconds(500) >= budget)
            {
                return new CommandOutcome(false, attempts, secs,
                    $"POST {verb} {target}: the API did not accept it within {budget.TotalSeconds:0} s ({attempts} attempts, {RequestTimeout.TotalSeconds:0} s per request); last: {r.Error}");
            }

            Thread.Sleep(500);
        }
    }

    /// <summary>The instances of <paramref name="service"/> in GET /v1/status, or null (with the reason in the reply) when it did not answer.</summary>
    public (ServiceView? View, ApiReply Reply) ServiceInstances(string service)
    {
        var r = Send(HttpMethod.Get, "v1/status", null);
        if (!r.Ok)
        {
            return (null, r);
        }

        try
        {
            using var doc = JsonDocument.Parse(r.Body);
            var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
            int total = 0, down = 0, withPid = 0;
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!prop.Name.Equals("instances", StringComparison.OrdinalIgnoreCase) || prop.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var inst in prop.Value.EnumerateArray())
                {
                    string? svc = null, state = null;
                    var hasPid = false;
                    foreach (var f in inst.EnumerateObject())
                    {
                        if (f.Name.Equals("service", StringComparison.OrdinalIgnoreCase) && f.Value.ValueKind == JsonValueKind.String)
                        {
                            svc = f.Value.GetString();
                        }
                        else if (f.Name.Equals("state", StringComparison.OrdinalIgnoreCase) && f.Value.ValueKind == JsonValueKind.String)
                        {
                            state = f.Value.GetString()?.ToLowerInvariant();
                        }
                        else if (f.Name.Equals("pid", StringComparison.OrdinalIgnoreCase) && f.Value.ValueKind == JsonValueKind.Number)
                        {
                            hasPid = true;
                        }
                    }

                    if (!string.Equals(svc, service, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    total++;
                    withPid += hasPid ? 1 : 0;
                    state ??= "(none)";
                    states[state] = states.GetValueOrDefault(state) + 1;
                    if (!hasPid && state is "stopped" or "exited" or "fatal")
                    {
                        down++;
                    }
                }
            }

            return (new ServiceView(total, down, withPid, states), r);
        }
        catch (JsonException e)
        {
            var bad = r with { Error = "GET /v1/status: unparsable JSON: " + OneLine(e.Message) };
            LastError = bad.Error;
            return (null, bad);
        }
    }

    /// <summary>Counts instances[].state == running in a status document (the API's or `warden status --json`'s).</summary>
    public static (int Running, int Total)? CountRunning(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            JsonElement? instances = null;
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name.Equals("instances", StringComparison.OrdinalIgnoreCase) && prop.Value.ValueKind == JsonValueKind.Array)
                {
                    instances = prop.Value;
                }
            }

            if (instances is not { } arr)
            {
                return null;
            }

            int running = 0, total = 0;
            foreach (var inst in arr.EnumerateArray())
            {
                total++;
                foreach (var prop in inst.EnumerateObject())
                {
                    if (prop.Name.Equals("state", StringComparison.OrdinalIgnoreCase) && prop.Value.ValueKind == JsonValueKind.String &&
                        string.Equals(prop.Value.GetString(), "running", StringComparison.OrdinalIgnoreCase))
                    {
                        running++;
                    }
                }
            }

            return (running, total);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http?.Dispose();
}

/// <summary>One HTTP exchange with the warden: the status code (null when there was no answer), the body, and why it failed.</summary>
internal sealed record ApiReply(int? Code, string Body, double Ms, string? Error)
{
    public bool Ok => Code is >= 200 and < 300;
}

/// <summary>One stage of `runtime.stages` in GET /v1/status: cumulative since the warden started.</summary>
internal sealed record StageCost(string Stage, long CpuNanoseconds, long AllocatedBytes, long Entries);

/// <summary>The result of a POST command with its retries.</summary>
internal sealed record CommandOutcome(bool Ok, int Attempts, double Seconds, string Detail);

/// <summary>
/// One service's instances in GET /v1/status: how many, how many are down (state stopped, exited or fatal and no pid),
/// how many report a pid, and the count per state.
/// </summary>
internal sealed record ServiceView(int Total, int Down, int WithPid, IReadOnlyDictionary<string, int> States)
{
    public string StatesText => string.Join(", ", States.Select(kv => $"{kv.Key} {kv.Value}"));
}
