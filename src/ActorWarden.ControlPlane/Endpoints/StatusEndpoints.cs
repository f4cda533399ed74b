using ActorWarden.Contracts.Api;
using ActorWarden.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>Read-only views of the tree: the whole status (what `warden status` prints) and one service.</summary>
internal static class StatusEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/status", async (ControlPlaneContext ctx, HttpContext http) =>
            ApiResults.Json(await ctx.Control.GetStatusAsync(http.RequestAborted)));

        routes.MapGet("/v1/services/{name}", async (string name, ControlPlaneContext ctx, HttpContext http) =>
        {
            var instances = await ctx.Control.GetServiceAsync(name, http.RequestAborted);
            return instances is null
                ? ApiResults.Error(StatusCodes.Status404NotFound, $"unknown service '{name}'", ctx.Control.ServiceNames)
                : ApiResults.Json(new ServiceResponse(name, instances));
        });
    }
}
