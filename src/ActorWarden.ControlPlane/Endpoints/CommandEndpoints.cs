using ActorWarden.Contracts.Control;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// The operator's verbs (start/stop/restart/reload/signal). Each is logged with its outcome and optional reason,
/// since they change what runs on the machine; the result kind decides the HTTP code.
/// </summary>
internal static class CommandEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/services/{name}/start", (string name, ControlPlaneContext ctx, HttpContext http) =>
            RunAsync("start", name, ctx, http, (c, t, ct) => c.StartAsync(t, ct)));
        routes.MapPost("/v1/services/{name}/stop", (string name, ControlPlaneContext ctx, HttpContext http) =>
            RunAsync("stop", name, ctx, http, (c, t, ct) => c.StopAsync(t, ct)));
        routes.MapPost("/v1/services/{name}/restart", (string name, ControlPlaneContext ctx, HttpContext http) =>
            RunAsync("restart", name, ctx, http, (c, t, ct) => c.RestartAsync(t, ct)));
        routes.MapPost("/v1/services/{name}/reload", (string name, ControlPlaneContext ctx, HttpContext http) =>
            RunAsync("reload", name, ctx, http, (c, t, ct) => c.ReloadServiceAsync(t, ct)));
        routes.MapPost("/v1/services/{name}/signal", (string name, string? signal, bool? group, ControlPlaneContext ctx, HttpContext http) =>
            RunAsync(group == true ? $"signal --group {signal}" : $"signal {signal}", name, ctx, http, (c, t, ct) => c.SignalAsync(t, signal ?? string.Empty, group == true, ct)));
        routes.MapPost("/v1/reload", (ControlPlaneContext ctx, HttpContext http) =>
            RunAsync("reload", null, ctx, http, (c, _, ct) => c.ReloadAsync(ct)));
    }

    private static async Task<IResult> RunAsync(
        string verb,
        string? target,
        ControlPlaneContext ctx,
        HttpContext http,
        Func<IWardenControl, string, CancellationToken, Task<ControlResult>> command)
    {
        var body = await OperatorRequestReader.ReadAsync(http.Request, ctx.Options.MaxBodyBytes, http.RequestAborted);
        if (body.Error is not null)
        {
            return body.Error;
        }

        // A command must not be half-applied because the caller hung up, so it runs to completion
        // unless the server itself is stopping.
        var result = await command(ctx.Control, target ?? string.Empty, ctx.ServerStopping);
        ctx.Logger.LogInformation(
            "control plane: {Verb} {Target} -> {Outcome}: {Message}{Reason}",
            verb,
            target ?? "config",
            result.Kind,
            result.Message,
            body.Request?.Reason is { Length: > 0 } reason ? $" (reason: {ApiResults.OneLine(reason)})" : string.Empty);

        var known = result.Kind == ControlOutcome.NotFound
            ? ctx.Control.ServiceNames.Concat(ctx.Control.GroupNames).Append("all").Distinct(StringComparer.Ordinal).ToArray()
            : null;
        return ApiResults.FromControlResult(result, known);
    }
}
