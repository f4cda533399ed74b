using Microsoft.AspNetCore.Http;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Answers unknown routes with the API's JSON error instead of an empty 404. It runs after routing and
/// only when no endpoint matched, so a known route with the wrong method still gets routing's 405.
/// </summary>
internal sealed class NotFoundMiddleware
{
    private readonly RequestDelegate _next;

    public NotFoundMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not null)
        {
            return _next(context);
        }

        return ApiResults.Error(StatusCodes.Status404NotFound, $"no such endpoint: {context.Request.Method} {context.Request.Path.Value}").ExecuteAsync(context);
    }
}
