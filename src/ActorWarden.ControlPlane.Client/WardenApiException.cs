using System.Net;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// The warden answered with an error. Carries the HTTP status and the server's one-line message
/// (and the known names on 404) so the CLI can print exactly what the server said.
/// </summary>
public class WardenApiException : WardenClientException
{
    public WardenApiException(HttpStatusCode statusCode, string serverMessage, IReadOnlyList<string>? known = null)
        : base(serverMessage)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        Known = known ?? [];
    }

    public HttpStatusCode StatusCode { get; }

    public string ServerMessage { get; }

    /// <summary>Names the server would have accepted (on unknown-name errors), else empty.</summary>
    public IReadOnlyList<string> Known { get; }

    public override int ExitCode => 1;
}

/// <summary>401: the token does not match this warden's (a stale token file, or another warden on the port).</summary>
public sealed class WardenUnauthorizedException : WardenApiException
{
    public WardenUnauthorizedException(string message)
        : base(HttpStatusCode.Unauthorized, message)
    {
    }
}

/// <summary>404: no such service, group, instance or endpoint.</summary>
public sealed class WardenNotFoundException : WardenApiException
{
    public WardenNotFoundException(string serverMessage, IReadOnlyList<string>? known)
        : base(HttpStatusCode.NotFound, serverMessage, known)
    {
    }
}

/// <summary>400/413: the request or the config being reloaded is invalid; the message names where and what.</summary>
public sealed class WardenInvalidRequestException : WardenApiException
{
    public WardenInvalidRequestException(HttpStatusCode statusCode, string serverMessage)
        : base(statusCode, serverMessage)
    {
    }

    public override int ExitCode => 2;
}

/// <summary>5xx: the warden tried and failed (e.g. a process could not be started).</summary>
public sealed class WardenServerException : WardenApiException
{
    public WardenServerException(HttpStatusCode statusCode, string serverMessage)
        : base(statusCode, serverMessage)
    {
    }
}
