using System.Text;
using ActorWarden.Contracts.Control;
using ActorWarden.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// <c>GET /v1/events</c> as server-sent events: one <c>data:</c> line of JSON per WardenEvent, comment
/// heartbeats so idle streams survive proxies, and a clean end when the client leaves or the server stops.
/// Subscription happens before the first byte is sent, so a client that saw the <c>: connected</c>
/// comment misses nothing that happens afterwards.
/// </summary>
internal static class EventStreamEndpoint
{
    private static readonly byte[] Connected = Encoding.UTF8.GetBytes(": connected\n\n");
    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/events", (ControlPlaneContext ctx, HttpContext http) => StreamAsync(ctx, http));

    private static async Task StreamAsync(ControlPlaneContext ctx, HttpContext http)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, ctx.ServerStopping);
        var ct = linked.Token;
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var events = ctx.Control.SubscribeEvents(ct).GetAsyncEnumerator(ct);
        Task<bool> next = events.MoveNextAsync().AsTask();
        Task heartbeat = Task.CompletedTask;
        try
        {
            await response.Body.WriteAsync(Connected, ct);
            await response.Body.FlushAsync(ct);
            heartbeat = Task.Delay(ctx.Options.EventHeartbeatInterval, ctx.Time, ct);
            while (!ct.IsCancellationRequested)
            {
                var done = await Task.WhenAny(next, heartbeat);
                if (done == heartbeat)
                {
                    if (heartbeat.IsCanceled)
                    {
                        break;
                    }

                    await response.Body.WriteAsync(Heartbeat, ct);
                    await response.Body.FlushAsync(ct);
                    heartbeat = Task.Delay(ctx.Options.EventHeartbeatInterval, ctx.Time, ct);
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                var json = WardenEventSerializer.Serialize(events.Current);
                await response.Body.WriteAsync(DataPrefix, ct);
                await response.Body.WriteAsync(json, ct);
                await response.Body.WriteAsync(EventEnd, ct);
                await response.Body.FlushAsync(ct);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // Client disconnected or server stopping: the stream simply ends.
        }
        finally
        {
            await linked.CancelAsync();
            await DisposeQuietlyAsync(events, next, ctx.Time);
        }
    }

    private static async Task DisposeQuietlyAsync(IAsyncEnumerator<object?> events, Task<bool> pending, TimeProvider time)
    {
        try
        {
            // An async iterator may not be disposed while a MoveNextAsync is in flight; cancellation
            // ends it promptly, and a subscription that ignores cancellation is abandoned rather than awaited forever.
            await pending.WaitAsync(TimeSpan.FromSeconds(2), time);
            await events.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or InvalidOperationException or NotSupportedException)
        {
            // Nothing more to release on our side.
        }
    }
}
