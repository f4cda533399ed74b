using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Last line of defence: an exception escaping an endpoint becomes one 500 line for the caller and one
/// log entry for the operator, never a dropped connection or a stack trace on the wire.
/// </summary>
internal sealed class ErrorHandlingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger _logger;

    public ErrorHandlingMiddleware(RequestDelegate next, ControlPlaneContext context)
    {
        _next = next;
        _logger = context.Logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ApiResults.Error(ex.StatusCode, ex.Message).ExecuteAsync(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            _logger.LogError(ex, "control plane: {Method} {Path} failed", context.Request.Method, context.Request.Path.Value);
            await ApiResults.Error(StatusCodes.Status500InternalServerError, $"internal error: {ex.GetType().Name}: {ex.Message}").ExecuteAsync(context);
        }
    }
}
