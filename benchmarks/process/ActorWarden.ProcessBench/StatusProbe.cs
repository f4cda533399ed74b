using System.Diagnostics;
using System.Net.Http.Headers;
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
    public StatusProbe(string eventsPath, int? port, string? tokenFile = null)
    {
        _events = new EventReader(eventsPath);
        _tokenFile = tokenFile;
        if (port is { } p)
        {
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}/"), Timeout = TimeSpan.FromSeconds(30) };
        }
    }

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
    public (long Restarts, int Instances)? RestartsFromHttp()
    {
        if (Status() is not { } s)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(s.Body);
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

    private (string Body, double Ms)? Status()
    {
        if (_http is null || !EnsureToken())
        {
            return null;
        }

        var sw = Stopwatch.StartNew();
        try
        {
            using var resp = _http.GetAsync("v1/status").GetAwaiter().GetResult();
            if (!resp.IsSuccessStatusCode)
            {
                return null;
            }

            var body = resp.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return (body, sw.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
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
