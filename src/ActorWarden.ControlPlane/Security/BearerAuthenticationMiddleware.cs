using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ActorWarden.ControlPlane.Security;

/// <summary>
/// Gatekeeper in front of routing: everything but the static status page and <c>/healthz</c> needs the
/// bearer token, including unknown paths, so an unauthenticated caller learns nothing about the API
/// (a bare 401, no body, no hint whether the token was missing or wrong).
/// </summary>
internal sealed class BearerAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly BearerTokenValidator _validator;

    public BearerAuthenticationMiddleware(RequestDelegate next, BearerTokenValidator validator)
    {
        _next = next;
        _validator = validator;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization;
        if (IsPublic(context.Request) || _validator.IsAuthorized(header.Count == 1 ? header[0] : null))
        {
            return _next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return Task.CompletedTask;
    }

    private static bool IsPublic(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path.Value ?? string.Empty;
        return path is "/" or "/healthz" || path.StartsWith("/ui/", StringComparison.Ordinal);
    }
}
