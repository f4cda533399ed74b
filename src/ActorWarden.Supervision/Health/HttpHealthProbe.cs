using System.Net;

namespace ActorWarden.Supervision.Health;

/// <summary>
/// GETs a URL and passes on a 2xx (or one of the configured status codes). Redirects are not followed:
/// a health endpoint that redirects (to a login page, say) is misconfigured, and following it would
/// report the health of something else. All probes share one connection pool so thousands of
/// instances cost pooled sockets, not one HttpClient each.
/// </summary>
internal sealed class HttpHealthProbe : IHealthProbe
{
    private static readonly HttpClient SharedClient = CreateClient();

    private readonly Uri _url;
    private readonly IReadOnlyList<int> _expectStatus;

    public HttpHealthProbe(Uri url, IReadOnlyList<int> expectStatus)
    {
        _url = url;
        _expectStatus = expectStatus;
    }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            using var response = await SharedClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var accepted = _expectStatus.Count == 0 ? code is >= 200 and <= 299 : _expectStatus.Contains(code);
            var detail = $"HTTP {code} from {_url}";
            return accepted
                ? ProbeResult.Pass(detail)
                : ProbeResult.Fail(_expectStatus.Count == 0
                    ? $"{detail} (expected 2xx)"
                    : $"{detail} (expected {string.Join(", ", _expectStatus)})");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail($"GET {_url} cancelled (timeout)");
        }
        catch (HttpRequestException e)
        {
            return ProbeResult.Fail($"GET {_url} failed: {Innermost(e).Message}");
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Health endpoints are local to the service; an HTTP_PROXY meant for outbound traffic must not intercept them.
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Re-resolve names now and then so a probe follows DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };

        // The caller's token is the timeout (driven by the actor system's scheduler), so the client adds none of its own.
        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }
}
