using ActorWarden.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// Liveness for load balancers and monitors without the token: "ok" only when the supervision tree
/// itself answers in time, so a wedged root actor shows up as 503 even though HTTP still works.
/// </summary>
internal static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], async (ControlPlaneContext ctx, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            using var timeout = new CancellationTokenSource(ctx.Options.HealthTimeout, ctx.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, http.RequestAborted);
            try
            {
                await ctx.Control.GetStatusAsync(linked.Token).WaitAsync(ctx.Options.HealthTimeout, ctx.Time, http.RequestAborted);
                return Results.Text("ok\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status200OK);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !http.RequestAborted.IsCancellationRequested)
            {
                return Results.Text(
                    $"unhealthy: the supervision tree did not answer within {ctx.Options.HealthTimeout.TotalMilliseconds:0} ms\n",
                    "text/plain; charset=utf-8",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
            {
                return Results.Text($"unhealthy: {ApiResults.OneLine(ex.Message)}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
