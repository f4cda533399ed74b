using ActorWarden.ControlPlane.Http;
using ActorWarden.ControlPlane.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// <c>GET /metrics</c> for Prometheus. It needs the token like the rest of the API (scrape configs
/// set <c>authorization: { credentials_file: ... }</c>): service names and pids are not for everyone
/// on the machine.
/// </summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/metrics", async (ControlPlaneContext ctx, HttpContext http) =>
        {
            var status = await ctx.Control.GetStatusAsync(http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(WardenMetricsFormatter.Format(status), PrometheusTextWriter.ContentType);
        });
}
