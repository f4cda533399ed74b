using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorWarden.ControlPlane.Endpoints;

/// <summary>
/// Serves the status page from resources embedded in this assembly (no files to deploy, no CDN, no
/// build step). The page is public; every piece of data it shows comes from the token-protected API.
/// A strict CSP keeps injected markup from running script even if a service name carried some.
/// </summary>
internal static class StatusPageEndpoints
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Route, string Resource, string ContentType)[] Assets =
    [
        ("/", "StatusPage/index.html", "text/html; charset=utf-8"),
        ("/ui/app.js", "StatusPage/app.js", "text/javascript; charset=utf-8"),
        ("/ui/style.css", "StatusPage/style.css", "text/css; charset=utf-8"),
    ];

    public static void Map(IEndpointRouteBuilder routes)
    {
        foreach (var (route, resource, contentType) in Assets)
        {
            var bytes = Load(resource);
            routes.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            });
        }
    }

    private static byte[] Load(string resource)
    {
        using var stream = typeof(StatusPageEndpoints).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"status page resource {resource} is missing from {typeof(StatusPageEndpoints).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
