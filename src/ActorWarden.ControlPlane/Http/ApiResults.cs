using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;
using Microsoft.AspNetCore.Http;

namespace ActorWarden.ControlPlane.Http;

/// <summary>Builds the API's responses so every endpoint reports errors in the same shape and with the same codes.</summary>
internal static class ApiResults
{
    public static IResult Json<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, ControlPlaneJson.Options, contentType: "application/json; charset=utf-8", statusCode: statusCode);

    public static IResult Error(int statusCode, string message, IReadOnlyList<string>? known = null) =>
        Json(new ApiError(OneLine(message), known), statusCode);

    /// <summary>Ok → 200 with the result; NotFound → 404, Invalid → 400, Failed → 500 with the message as the error.</summary>
    public static IResult FromControlResult(ControlResult result, IReadOnlyList<string>? knownOnNotFound = null) => result.Kind switch
    {
        ControlOutcome.Ok => Json(result),
        ControlOutcome.NotFound => Error(StatusCodes.Status404NotFound, result.Message, knownOnNotFound),
        ControlOutcome.Invalid => Error(StatusCodes.Status400BadRequest, result.Message),
        _ => Error(StatusCodes.Status500InternalServerError, result.Message),
    };

    public static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "error" : line;
    }
}
