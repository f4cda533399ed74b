using ActorWarden.ControlPlane.Http;
using ActorWarden.ControlPlane.Logs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// <c>GET /v1/logs/{service}</c>: the tail of one instance's current log file, optionally followed like
/// <c>tail -f</c>. Names are checked against the configured services and instances before anything
/// touches the file system, and the file path comes only from the supervision tree — a caller can
/// never name a path.
/// </summary>
internal static class LogEndpoint
{
    public const int MaxTailLines = 100_000;
    private const int DefaultTailLines = 100;

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/logs/{service}", (string service, ControlPlaneContext ctx, HttpContext http) => HandleAsync(service, ctx, http));

    private static async Task HandleAsync(string service, ControlPlaneContext ctx, HttpContext http)
    {
        var query = LogQuery.Parse(http.Request.Query);
        if (query.Error is not null)
        {
            await ApiResults.Error(StatusCodes.Status400BadRequest, query.Error).ExecuteAsync(http);
            return;
        }

        if (!ctx.Control.ServiceNames.Contains(service, StringComparer.Ordinal))
        {
            await ApiResults.Error(StatusCodes.Status404NotFound, $"unknown service '{service}'", ctx.Control.ServiceNames).ExecuteAsync(http);
            return;
        }

        if (query.Instance is not null)
        {
            var instances = await ctx.Control.GetServiceAsync(service, http.RequestAborted) ?? [];
            var names = instances.Select(i => i.Name).ToArray();
            if (!names.Contains(query.Instance, StringComparer.Ordinal))
            {
                await ApiResults.Error(StatusCodes.Status404NotFound, $"unknown instance '{query.Instance}' of service '{service}'", names).ExecuteAsync(http);
                return;
            }
        }

        var path = ctx.Control.LogFilePath(service, query.Instance, query.Stream);
        if (path is null)
        {
            await ApiResults.Error(StatusCodes.Status404NotFound, $"no {query.Stream} log for '{query.Instance ?? service}' (logging is off for it)").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, ctx.ServerStopping);
        var ct = linked.Token;
        try
        {
            var offset = await WriteTailAsync(path, query.Tail, http.Response.Body, ct);
            await http.Response.Body.FlushAsync(ct);
            if (query.Follow)
            {
                var follower = new LogFollower(() => ctx.Control.LogFilePath(service, query.Instance, query.Stream), ctx.Time, ctx.Options.LogFollowPollInterval);
                await follower.FollowAsync(path, offset, http.Response.Body, ct);
            }
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // Client stopped following, or the server is stopping.
        }
    }

    private static async Task<long> WriteTailAsync(string path, int lines, Stream output, CancellationToken ct)
    {
        await using var file = LogTailReader.TryOpenShared(path);
        if (file is null)
        {
            return 0;
        }

        var (start, end) = await LogTailReader.FindTailAsync(file, lines, ct);
        file.Seek(start, SeekOrigin.Begin);
        await StreamRange.CopyAsync(file, end - start, output, ct);
        return end;
    }

    private sealed record LogQuery(string? Instance, string Stream, int Tail, bool Follow, string? Error)
    {
        public static LogQuery Parse(IQueryCollection query)
        {
            var instance = query["instance"].ToString() is { Length: > 0 } i ? i : null;
            var stream = query["stream"].ToString() is { Length: > 0 } s ? s : "stdout";
            if (stream is not ("stdout" or "stderr"))
            {
                return Invalid($"stream must be stdout or stderr, got '{stream}'");
            }

            var tail = DefaultTailLines;
            if (query["tail"].ToString() is { Length: > 0 } t && (!int.TryParse(t, out tail) || tail < 0 || tail > MaxTailLines))
            {
                return Invalid($"tail must be a whole number from 0 to {MaxTailLines}, got '{t}'");
            }

            var follow = false;
            if (query["follow"].ToString() is { Length: > 0 } f)
            {
                switch (f.ToLowerInvariant())
                {
                    case "true" or "1": follow = true; break;
                    case "false" or "0": break;
                    default: return Invalid($"follow must be true or false, got '{f}'");
                }
            }

            return new LogQuery(instance, stream, tail, follow, null);
        }

        private static LogQuery Invalid(string error) => new(null, "stdout", 0, false, error);
    }
}
