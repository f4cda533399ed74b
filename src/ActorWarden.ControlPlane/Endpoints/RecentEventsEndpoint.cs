using System.Globalization;
using ActorWarden.Contracts.Control;
using ActorWarden.ControlPlane.Events;
using ActorWarden.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// <c>GET /v1/events/recent?limit=N</c>: the last events (oldest first, at most
/// <see cref="ControlPlaneOptions.RecentEvents"/>), in the stream's JSON shape, for a page that opens
/// after something happened.
/// </summary>
internal static class RecentEventsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes, RecentEvents recent) =>
        routes.MapGet("/v1/events/recent", (ControlPlaneContext ctx, HttpContext http) =>
        {
            var limit = ctx.Options.RecentEvents;
            if (http.Request.Query.TryGetValue("limit", out var text))
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0)
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, $"limit must be a positive whole number, not '{text}'");
                }
            }

            return Results.Bytes(Serialize(recent.Last(Math.Min(limit, ctx.Options.RecentEvents))), "application/json; charset=utf-8");
        });

    /// <summary>Each event as the stream sends it (a field JSON cannot represent becomes its string form, never a failed response).</summary>
    private static byte[] Serialize(IReadOnlyList<Contracts.Control.WardenEvent> events)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte((byte)'[');
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(WardenEventSerializer.Serialize(events[i]));
        }

        buffer.WriteByte((byte)']');
        return buffer.ToArray();
    }
}
